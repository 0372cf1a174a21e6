#!/usr/bin/env python3
"""Stable-Baselines3's own SAC with the RL Zoo's MountainCarContinuous-v0 settings (gSDE), the peer run behind
configs/sac/mountaincar-continuous.yaml: trains 50,000 steps, evaluates the deterministic policy for 10 episodes
every 5,000 steps (as our eval_every) and the final weights for 100 episodes, and prints one RESULT line.

Usage (SB3 is not packaged for Debian; a local clone of DLR-RM/stable-baselines3 at tag v2.3.2, the last release
that runs on Debian's PyTorch 1.13, and Gymnasium 0.29.1's source):
    PYTHONPATH=<sb3 v2.3.2>:<gymnasium-0.29.1> /usr/bin/python3 bench/rl/sb3-sac-mountaincar-continuous.py SEED [STEPS]
SB3 imports pandas, matplotlib and cloudpickle at start-up without using them here; when they are missing they are
replaced in-process by empty stand-ins (pickle for cloudpickle), which this run never calls.
"""
import importlib.util
import pickle
import sys
import time
import types


def _stand_in(name, **attributes):
    top = name.split(".")[0]
    if top not in sys.modules and importlib.util.find_spec(top) is not None:
        return
    module = types.ModuleType(name)
    module.__dict__.update(attributes)
    sys.modules[name] = module


_stand_in("pandas", DataFrame=type("DataFrame", (), {}))
_stand_in("matplotlib.figure", Figure=type("Figure", (), {}))
_stand_in("matplotlib.pyplot")
_stand_in("matplotlib", figure=sys.modules.get("matplotlib.figure"), pyplot=sys.modules.get("matplotlib.pyplot"))
_stand_in("cloudpickle", dumps=pickle.dumps, loads=pickle.loads, dump=pickle.dump, load=pickle.load)

import numpy as np  # noqa: E402
import torch  # noqa: E402
import gymnasium as gym  # noqa: E402
from stable_baselines3 import SAC  # noqa: E402
from stable_baselines3.common.callbacks import BaseCallback  # noqa: E402

torch.set_num_threads(1)
seed = int(sys.argv[1])
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 50_000


def evaluate(model, episodes, first_seed):
    env = gym.make("MountainCarContinuous-v0")
    returns = []
    for i in range(episodes):
        obs, _ = env.reset(seed=first_seed + i)
        done, total = False, 0.0
        while not done:
            action, _ = model.predict(obs, deterministic=True)
            obs, reward, terminated, truncated, _ = env.step(action)
            total += reward
            done = terminated or truncated
        returns.append(total)
    return float(np.mean(returns))


class PeriodicEvaluation(BaseCallback):
    def __init__(self):
        super().__init__()
        self.evaluations, self.episodes, self.current = [], [], 0.0

    def _on_step(self):
        self.current += float(self.locals["rewards"][0])
        if self.locals["dones"][0]:
            self.episodes.append(self.current)
            self.current = 0.0
        if self.num_timesteps % 5000 == 0:
            mean = evaluate(self.model, 10, 10_000)
            self.evaluations.append((self.num_timesteps, mean))
            print(f"seed {seed} step {self.num_timesteps} eval10 {mean:.2f} episodes {len(self.episodes)}", flush=True)
        return True


# hyperparams/sac.yml of DLR-RM/rl-baselines3-zoo, MountainCarContinuous-v0
model = SAC("MlpPolicy", gym.make("MountainCarContinuous-v0"), learning_rate=3e-4, buffer_size=50_000, batch_size=512,
            ent_coef=0.1, train_freq=32, gradient_steps=32, gamma=0.9999, tau=0.01, learning_starts=0, use_sde=True,
            policy_kwargs=dict(log_std_init=-3.67, net_arch=[64, 64]), seed=seed, verbose=0)
callback = PeriodicEvaluation()
start = time.time()
model.learn(total_timesteps=steps, callback=callback)
wall = time.time() - start
final = evaluate(model, 100, 1)
best_step, best = max(callback.evaluations, key=lambda e: e[1])
print(f"RESULT seed {seed} steps {steps} wall {wall:.1f} final100 {final:.2f} best_eval10 {best:.2f} at {best_step} "
      f"last100_train {np.mean(callback.episodes[-100:]):.2f}", flush=True)
