"""Writes continuous_control_reference.json: values printed by Gymnasium v0.29.1's Pendulum-v1 and
MountainCarContinuous-v0, and traces of its ClipAction, RescaleAction, NormalizeObservation and NormalizeReward
wrappers, that PendulumTests, MountainCarContinuousTests and ContinuousWrapperTests compare against.

Run with Debian's python3 and python3-numpy (NumPy 1.24), with Gymnasium's source on PYTHONPATH (its gymnasium/
folder, tag v0.29.1; Gymnasium itself is not part of this repository):

    PYTHONPATH=/path/to/Gymnasium-v0.29.1 /usr/bin/python3 continuous_control_reference.py > continuous_control_reference.json
    PYTHONPATH=/path/to/Gymnasium-v0.29.1 /usr/bin/python3 continuous_control_reference.py --native-dispatch \
        > continuous_control_reference_avx512.json   # on a CPU with AVX-512

Pendulum-v1 uses NumPy's sin and cos, which on CPUs with AVX-512 are NumPy's own vector code rather than the C
library's (see classic_control_reference.py beside this file): by default this script turns that dispatch off, so
the values are those of a CPU without AVX-512; --native-dispatch keeps it (the second file, compared with a
tolerance). MountainCarContinuous-v0 uses math.cos and is the same everywhere.

Actions are float32 (np.float32 arrays, as a policy's output would be); the closed-loop policies below compute them
in float64 from the float64 state and round to float32, as the C# tests do.
"""
import math
import os
import sys

if "--native-dispatch" not in sys.argv[1:]:
    os.environ["NPY_DISABLE_CPU_FEATURES"] = "AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL"

import json  # noqa: E402

import numpy as np  # noqa: E402
import gymnasium as gym  # noqa: E402
from gymnasium.envs.classic_control.pendulum import angle_normalize  # noqa: E402
from gymnasium.wrappers import ClipAction, NormalizeObservation, NormalizeReward, RescaleAction  # noqa: E402

RESET_SEEDS = [0, 1, 2, 3, 42, 12345, 2**31 - 1]


def f32(values):
    """float32 values as the floats they are exactly."""
    return [float(v) for v in np.asarray(values, dtype=np.float32)]


def action(value):
    return np.array([value], dtype=np.float32)


def state_list(env):
    return [float(v) for v in env.unwrapped.state]


def resets(make):
    out = []
    for seed in RESET_SEEDS:
        env = make()
        obs, _ = env.reset(seed=seed)
        first = {"seed": seed, "state": state_list(env), "obs": f32(obs)}
        obs, _ = env.reset()
        first["next_state"] = state_list(env)
        first["next_obs"] = f32(obs)
        out.append(first)
    return out


def single_steps(make, states, actions):
    out = []
    for state in states:
        for a in actions:
            env = make()
            env.reset(seed=0)
            env.unwrapped.state = np.array(state, dtype=np.float64)
            obs, reward, terminated, truncated, _ = env.step(action(a))
            out.append({"state": state, "action": float(np.float32(a)), "next_state": state_list(env), "obs": f32(obs),
                        "reward": float(reward), "terminated": bool(terminated), "truncated": bool(truncated)})
    return out


def rollout(make, seed, policy, keep_trajectory=False):
    """Runs the registered (time-limited) environment until the episode ends; policy(step, float64 state) -> float32."""
    env = make()
    obs, _ = env.reset(seed=seed)
    total, steps, actions, trajectory = 0.0, 0, [], []
    while True:
        a = policy(steps, [float(v) for v in env.unwrapped.state])
        obs, reward, terminated, truncated, _ = env.step(action(a))
        total += reward
        steps += 1
        actions.append(float(a))
        if keep_trajectory:
            trajectory.append(state_list(env))
        if terminated or truncated:
            break
    result = {"seed": seed, "steps": steps, "return": float(total), "terminated": bool(terminated),
              "truncated": bool(truncated), "final_state": state_list(env), "final_obs": f32(obs), "actions": actions}
    if keep_trajectory:
        result["trajectory"] = trajectory
    return result


# Pendulum-v1 policies (the C# tests compute the same decisions from the same float64 state)
def swing_up(step, s):
    """Bang-bang in the direction of motion far from the top, a PD controller near it (values beyond 2 get clipped)."""
    th = angle_normalize(s[0])
    if abs(th) < 0.8:
        return np.float32(-10.0 * th - 2.0 * s[1])
    return np.float32(2.0 if s[1] >= 0 else -2.0)


def scripted(values):
    return lambda step, s: np.float32(values[step % len(values)])


# MountainCarContinuous-v0 policies
def pump(step, s):
    """Push in the direction of motion: reaches the flag in about a hundred steps."""
    return np.float32(1.0 if s[1] >= 0 else -1.0)


def gentle_pump(step, s):
    """Push at 0.6 in the direction of motion, left first for 60 steps (exercises the wall)."""
    if step < 60:
        return np.float32(-0.6)
    return np.float32(0.6 if s[1] >= 0 else -0.6)


def wrapper_trace(make_wrapped, seed, actions):
    """Steps a wrapped environment through `actions`, resetting (unseeded) when an episode ends."""
    env = make_wrapped()
    obs, _ = env.reset(seed=seed)
    steps = [{"obs": f32(obs), "reset": True}]
    for a in actions:
        obs, reward, terminated, truncated, _ = env.step(action(a))
        steps.append({"action": float(np.float32(a)), "obs": f32(obs), "reward": float(reward),
                      "terminated": bool(terminated), "truncated": bool(truncated)})
        if terminated or truncated:
            obs, _ = env.reset()
            steps.append({"obs": f32(obs), "reset": True})
    result = {"seed": seed, "steps": steps}
    for name, rms in (("obs_rms", find(env, NormalizeObservation, "obs_rms")), ("return_rms", find(env, NormalizeReward, "return_rms"))):
        if rms is not None:
            result[name] = {"mean": [float(v) for v in np.atleast_1d(rms.mean)],
                            "var": [float(v) for v in np.atleast_1d(rms.var)], "count": float(rms.count)}
    return result


def find(env, kind, attribute):
    while True:
        if isinstance(env, kind):
            return getattr(env, attribute)
        if not hasattr(env, "env"):
            return None
        env = env.env


def main():
    pendulum = lambda: gym.make("Pendulum-v1")  # noqa: E731
    mountain = lambda: gym.make("MountainCarContinuous-v0")  # noqa: E731
    rng = np.random.default_rng(7)
    wide = [float(np.float32(v)) for v in rng.uniform(-3.0, 3.0, 300)]
    unit = [float(np.float32(v)) for v in rng.uniform(-1.0, 1.0, 300)]
    wide_force = [float(np.float32(v)) for v in rng.uniform(-1.5, 1.5, 999)]
    pump_like = [1.0 if (i // 40) % 2 == 0 else -1.0 for i in range(600)]
    data = {
        "generator": "continuous_control_reference.py",
        "gymnasium": gym.__version__,
        "numpy": np.__version__,
        "numpy_dispatch": "native" if "--native-dispatch" in sys.argv[1:] else "AVX-512 disabled",
        "pendulum": {
            "resets": resets(pendulum),
            "steps": single_steps(pendulum, [
                [0.0, 0.0], [0.1, -0.2], [math.pi, 0.0], [-math.pi, 0.5], [3.0, 7.9], [-2.0, -8.0], [7.5, 3.3],
                [-9.9, -1.2], [1.234, 0.0], [-0.7, 8.0],
            ], [-3.0, -2.0, -0.7, 0.0, 0.3, 2.0, 2.5]),
            "rollouts": [rollout(pendulum, 0, swing_up, keep_trajectory=True)]
                        + [rollout(pendulum, s, swing_up) for s in (1, 2, 3)]
                        + [rollout(pendulum, 4, scripted(wide), keep_trajectory=True)],
        },
        "mountaincar_continuous": {
            "resets": resets(mountain),
            "steps": single_steps(mountain, [
                [-0.5, 0.0], [-0.523, 0.0123], [0.1, 0.069], [-1.19, -0.02], [-1.2, -0.0001], [0.44, 0.012],
                [0.45, 0.0], [0.449, 0.0], [-0.9, -0.07], [0.59, 0.07], [0.3, -0.0699],
            ], [-1.5, -1.0, -0.25, 0.0, 0.4, 1.0, 2.0]),
            "rollouts": [rollout(mountain, 0, pump, keep_trajectory=True)]
                        + [rollout(mountain, s, pump) for s in (1, 2, 3)]
                        + [rollout(mountain, 5, gentle_pump, keep_trajectory=True),
                           rollout(mountain, 6, scripted([0.0])),
                           rollout(mountain, 7, scripted(wide_force))],
        },
        "wrappers": {
            "pendulum_clip_normalize": wrapper_trace(
                lambda: NormalizeReward(NormalizeObservation(ClipAction(pendulum())), gamma=0.99), 11, wide[:260]),
            "pendulum_rescale": wrapper_trace(lambda: RescaleAction(pendulum(), -1.0, 1.0), 12, unit[:230]),
            "mountaincar_continuous_normalize": wrapper_trace(
                lambda: NormalizeReward(NormalizeObservation(mountain()), gamma=0.9), 13, pump_like),
        },
    }
    json.dump(data, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
