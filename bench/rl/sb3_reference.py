"""What the Stable-Baselines3 reference runs in bench/rl/sb3-*.py share: SB3's unused start-up imports stood in for,
and a deterministic evaluation over seeded episodes.

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
