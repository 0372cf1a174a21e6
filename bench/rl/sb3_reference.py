"""What the Stable-Baselines3 reference runs in bench/rl/sb3-*.py share: SB3's unused start-up imports stood in for,
a deterministic evaluation over seeded episodes, and the run itself (training with periodic evaluations, then the
final weights over 100 episodes, printed as one RESULT line).

SB3 is not packaged for Debian; those scripts run a local clone of DLR-RM/stable-baselines3 at tag v2.3.2 (the last
release that runs on Debian's PyTorch 1.13) with Gymnasium 0.29.1's source, both on PYTHONPATH. SB3 imports pandas,
matplotlib and cloudpickle at start-up without using them in these runs; when they are missing, install_stand_ins()
puts empty modules in their place (pickle for cloudpickle), which the runs never call.
"""
import importlib.util
import pickle
import sys
import types


def _stand_in(name, **attributes):
    top = name.split(".")[0]
    if top not in sys.modules and importlib.util.find_spec(top) is not None:
        return
    module = types.ModuleType(name)
    module.__dict__.update(attributes)
    sys.modules[name] = module


def install_stand_ins():
    _stand_in("pandas", DataFrame=type("DataFrame", (), {}))
    _stand_in("matplotlib.figure", Figure=type("Figure", (), {}))
    _stand_in("matplotlib.pyplot")
    _stand_in("matplotlib", figure=sys.modules.get("matplotlib.figure"), pyplot=sys.modules.get("matplotlib.pyplot"))
    _stand_in("cloudpickle", dumps=pickle.dumps, loads=pickle.loads, dump=pickle.dump, load=pickle.load)


def evaluate(model, env_id, episodes, first_seed):
    """Mean return of the deterministic policy over `episodes` episodes reset with seeds first_seed, first_seed + 1, ..."""
    import gymnasium as gym
    import numpy as np

    env = gym.make(env_id)
    discrete = isinstance(env.action_space, gym.spaces.Discrete)
    returns = []
    for i in range(episodes):
        obs, _ = env.reset(seed=first_seed + i)
        done, total = False, 0.0
        while not done:
            action, _ = model.predict(obs, deterministic=True)
            obs, reward, terminated, truncated, _ = env.step(int(action) if discrete else action)
            total += reward
            done = terminated or truncated
        returns.append(total)
    return float(np.mean(returns))


def train_and_report(model, env_id, steps, label):
    """Trains `model` for `steps` steps, evaluating 10 episodes every 5,000 steps (as our eval_every; a new best is
    also played for 100 episodes, as best.ckpt would be), then the final weights for 100 episodes; prints one line
    per evaluation and a RESULT line."""
    import time

    import numpy as np
    from stable_baselines3.common.callbacks import BaseCallback

    class PeriodicEvaluation(BaseCallback):
        def __init__(self):
            super().__init__()
            self.evaluations, self.best_model_return, self.episodes, self.current = [], None, [], 0.0

        def _on_step(self):
            self.current += float(self.locals["rewards"][0])
            if self.locals["dones"][0]:
                self.episodes.append(self.current)
                self.current = 0.0
            if self.num_timesteps % 5000 == 0:
                mean = evaluate(self.model, env_id, 10, 10_000)
                if not self.evaluations or mean > max(m for _, m in self.evaluations):
                    self.best_model_return = evaluate(self.model, env_id, 100, 1)
                self.evaluations.append((self.num_timesteps, mean))
                print(f"{label} step {self.num_timesteps} eval10 {mean:.2f} episodes {len(self.episodes)}", flush=True)
            return True

    callback = PeriodicEvaluation()
    start = time.time()
    model.learn(total_timesteps=steps, callback=callback)
    wall = time.time() - start
    final = evaluate(model, env_id, 100, 1)
    best_step, best = max(callback.evaluations, key=lambda e: e[1])
    print(f"RESULT {label} steps {steps} wall {wall:.1f} final100 {final:.2f} best_eval10 {best:.2f} at {best_step} "
          f"best_model100 {callback.best_model_return:.2f} last100_train {np.mean(callback.episodes[-100:]):.2f}",
          flush=True)
