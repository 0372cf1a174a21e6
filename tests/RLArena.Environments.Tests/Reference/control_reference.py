"""Writes the values Gymnasium v0.29.1's classic-control environments print, that ClassicControlReferenceTests (one
table-driven fixture over the environments), the environments' own test classes and ContinuousWrapperTests compare
against:

    classic     classic_control_reference.json: MountainCar-v0 and Acrobot-v1 (discrete actions)
    continuous  continuous_control_reference.json: Pendulum-v1, MountainCarContinuous-v0 (float32 actions) and traces
                of Gymnasium's ClipAction, RescaleAction, NormalizeObservation and NormalizeReward wrappers

Run with Debian's python3 and python3-numpy (NumPy 1.24), with Gymnasium's source on PYTHONPATH (its gymnasium/
folder, tag v0.29.1; Gymnasium itself is not part of this repository):

    PYTHONPATH=/path/to/Gymnasium-v0.29.1 /usr/bin/python3 control_reference.py classic > classic_control_reference.json
    PYTHONPATH=/path/to/Gymnasium-v0.29.1 /usr/bin/python3 control_reference.py continuous > continuous_control_reference.json
    PYTHONPATH=/path/to/Gymnasium-v0.29.1 /usr/bin/python3 control_reference.py classic --native-dispatch \
        > classic_control_reference_avx512.json      # on a CPU with AVX-512; the same for continuous

NumPy picks its sin/cos at run time from the CPU. On CPUs with AVX-512 (AVX512_SKX), NumPy 1.24 computes float64
sin/cos with its own vector code, which differs from the C library's by 1-2 units in the last place for most inputs;
on other CPUs it calls the C library, as Python's math module and .NET's Math do. Acrobot-v1 and Pendulum-v1 use
NumPy's sin/cos, so Gymnasium's own trajectories differ between CPUs. By default this script turns NumPy's AVX-512
dispatch off before NumPy is imported, so the values are what Gymnasium gives on a CPU without AVX-512 (C-library
sin/cos for float64). With --native-dispatch it leaves NumPy's choice alone; on an AVX-512 CPU that gives the _avx512
files, which the tests compare with a tolerance. MountainCar-v0 and MountainCarContinuous-v0 use math.cos and are the
same everywhere.

The closed-loop policies below compute their actions from the float64 state, as the C# tests do
(Reference/ReferenceEnvironment.cs). Continuous actions are float32 (np.float32 arrays, as a policy's output would
be), computed in float64 and rounded to float32.
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


class Discrete:
    """Actions are indices: stepped and recorded as Python ints."""

    @staticmethod
    def step_action(a):
        return a

    @staticmethod
    def record(a):
        return a


class Continuous:
    """Actions are one float32: stepped as a float32 array, recorded as the float it is exactly."""

    @staticmethod
    def step_action(a):
        return np.array([a], dtype=np.float32)

    @staticmethod
    def record(a):
        return float(np.float32(a))


def f32(values):
    """float32 values as the floats they are exactly."""
    return [float(v) for v in np.asarray(values, dtype=np.float32)]


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


def single_steps(make, kind, states, actions):
    out = []
    for state in states:
        for a in actions:
            env = make()
            env.reset(seed=0)
            env.unwrapped.state = np.array(state, dtype=np.float64)
            obs, reward, terminated, truncated, _ = env.step(kind.step_action(a))
            out.append({"state": state, "action": kind.record(a), "next_state": state_list(env), "obs": f32(obs),
                        "reward": float(reward), "terminated": bool(terminated), "truncated": bool(truncated)})
    return out


def rollout(make, kind, seed, policy, keep_trajectory=False):
    """Runs the registered (time-limited) environment until the episode ends; policy(step, float64 state) -> action."""
    env = make()
    obs, _ = env.reset(seed=seed)
    total, steps, actions, trajectory = 0.0, 0, [], []
    while True:
        a = policy(steps, [float(v) for v in env.unwrapped.state])  # float64, as the C# policy sees it
        obs, reward, terminated, truncated, _ = env.step(kind.step_action(a))
        total += reward
        steps += 1
        actions.append(kind.record(a))
        if keep_trajectory:
            trajectory.append(state_list(env))
        if terminated or truncated:
            break
    result = {"seed": seed, "steps": steps, "return": float(total), "terminated": bool(terminated),
              "truncated": bool(truncated), "final_state": state_list(env), "final_obs": f32(obs), "actions": actions}
    if keep_trajectory:
        result["trajectory"] = trajectory
    return result


def scripted(actions):
    return lambda step, s: actions[step % len(actions)]


def scripted_f32(values):
    return lambda step, s: np.float32(values[step % len(values)])


# MountainCar-v0 policies
def pump(step, s):
    """Accelerate in the direction of motion: reaches the flag in about 100-120 steps."""
    return 2 if s[1] >= 0 else 0


def left_then_pump(step, s):
    """Drive into the left wall first (exercises the inelastic wall), then pump."""
    return 0 if step < 70 else pump(step, s)


def coast(step, s):
    """Never accelerate: never reaches the flag, so the 200-step limit truncates."""
    return 1


# Acrobot-v1 policies
def swing(step, s):
    """Torque with a mix of both joints' swing: pumps energy in and reaches the line within a few hundred steps."""
    mix = s[2] + 0.5 * s[3]
    return 2 if mix > 0 else 0 if mix < 0 else 1


# Pendulum-v1 policies
def swing_up(step, s):
    """Bang-bang in the direction of motion far from the top, a PD controller near it (values beyond 2 get clipped)."""
    th = angle_normalize(s[0])
    if abs(th) < 0.8:
        return np.float32(-10.0 * th - 2.0 * s[1])
    return np.float32(2.0 if s[1] >= 0 else -2.0)


# MountainCarContinuous-v0 policies
def push(step, s):
    """Push in the direction of motion: reaches the flag in about a hundred steps."""
    return np.float32(1.0 if s[1] >= 0 else -1.0)


def gentle_push(step, s):
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
        obs, reward, terminated, truncated, _ = env.step(Continuous.step_action(a))
        steps.append({"action": Continuous.record(a), "obs": f32(obs), "reward": float(reward),
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


def classic():
    mountain = lambda: gym.make("MountainCar-v0")  # noqa: E731
    acrobot = lambda: gym.make("Acrobot-v1")  # noqa: E731
    random_actions = [int(a) for a in np.random.default_rng(99).integers(0, 3, 500)]
    return {
        "mountaincar": {
            "resets": resets(mountain),
            "steps": single_steps(mountain, Discrete, [
                [-0.5, 0.0], [-0.523, 0.0123], [0.1, 0.069], [-1.19, -0.02], [-1.2, -0.0001], [0.49, 0.012],
                [0.5, 0.0], [0.499, 0.0], [-0.9, -0.07], [0.59, 0.07], [0.3, -0.0699],
            ], range(3)),
            "rollouts": [rollout(mountain, Discrete, 0, pump, keep_trajectory=True)]
                        + [rollout(mountain, Discrete, s, pump) for s in (1, 2, 3, 4)]
                        + [rollout(mountain, Discrete, 5, left_then_pump, keep_trajectory=True),
                           rollout(mountain, Discrete, 6, coast),
                           rollout(mountain, Discrete, 7, scripted(random_actions))],
        },
        "acrobot": {
            "resets": resets(acrobot),
            "steps": single_steps(acrobot, Discrete, [
                [0.0, 0.0, 0.0, 0.0], [0.05, -0.03, 0.02, -0.01], [1.3, -2.1, 3.0, -5.5], [-3.1, 3.1, -12.0, 27.0],
                [3.14, 0.2, 12.5, 28.2], [-2.5, -0.4, -12.56, -28.27], [2.9, 0.3, 1.0, 1.0],
            ], range(3)),
            "rollouts": [rollout(acrobot, Discrete, 0, swing, keep_trajectory=True)]
                        + [rollout(acrobot, Discrete, s, swing) for s in (1, 2, 3, 4)]
                        + [rollout(acrobot, Discrete, 5, swing, keep_trajectory=True),
                           rollout(acrobot, Discrete, 6, scripted([1])),
                           rollout(acrobot, Discrete, 7, scripted(random_actions))],
        },
    }


def continuous():
    pendulum = lambda: gym.make("Pendulum-v1")  # noqa: E731
    mountain = lambda: gym.make("MountainCarContinuous-v0")  # noqa: E731
    rng = np.random.default_rng(7)
    wide = [float(np.float32(v)) for v in rng.uniform(-3.0, 3.0, 300)]
    unit = [float(np.float32(v)) for v in rng.uniform(-1.0, 1.0, 300)]
    wide_force = [float(np.float32(v)) for v in rng.uniform(-1.5, 1.5, 999)]
    pump_like = [1.0 if (i // 40) % 2 == 0 else -1.0 for i in range(600)]
    return {
        "pendulum": {
            "resets": resets(pendulum),
            "steps": single_steps(pendulum, Continuous, [
                [0.0, 0.0], [0.1, -0.2], [math.pi, 0.0], [-math.pi, 0.5], [3.0, 7.9], [-2.0, -8.0], [7.5, 3.3],
                [-9.9, -1.2], [1.234, 0.0], [-0.7, 8.0],
            ], [-3.0, -2.0, -0.7, 0.0, 0.3, 2.0, 2.5]),
            "rollouts": [rollout(pendulum, Continuous, 0, swing_up, keep_trajectory=True)]
                        + [rollout(pendulum, Continuous, s, swing_up) for s in (1, 2, 3)]
                        + [rollout(pendulum, Continuous, 4, scripted_f32(wide), keep_trajectory=True)],
        },
        "mountaincar_continuous": {
            "resets": resets(mountain),
            "steps": single_steps(mountain, Continuous, [
                [-0.5, 0.0], [-0.523, 0.0123], [0.1, 0.069], [-1.19, -0.02], [-1.2, -0.0001], [0.44, 0.012],
                [0.45, 0.0], [0.449, 0.0], [-0.9, -0.07], [0.59, 0.07], [0.3, -0.0699],
            ], [-1.5, -1.0, -0.25, 0.0, 0.4, 1.0, 2.0]),
            "rollouts": [rollout(mountain, Continuous, 0, push, keep_trajectory=True)]
                        + [rollout(mountain, Continuous, s, push) for s in (1, 2, 3)]
                        + [rollout(mountain, Continuous, 5, gentle_push, keep_trajectory=True),
                           rollout(mountain, Continuous, 6, scripted_f32([0.0])),
                           rollout(mountain, Continuous, 7, scripted_f32(wide_force))],
        },
        "wrappers": {
            "pendulum_clip_normalize": wrapper_trace(
                lambda: NormalizeReward(NormalizeObservation(ClipAction(pendulum())), gamma=0.99), 11, wide[:260]),
            "pendulum_rescale": wrapper_trace(lambda: RescaleAction(pendulum(), -1.0, 1.0), 12, unit[:230]),
            "mountaincar_continuous_normalize": wrapper_trace(
                lambda: NormalizeReward(NormalizeObservation(mountain()), gamma=0.9), 13, pump_like),
        },
    }


FAMILIES = {"classic": classic, "continuous": continuous}


def main():
    names = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(names) != 1 or names[0] not in FAMILIES:
        sys.exit("usage: control_reference.py classic|continuous [--native-dispatch] > FILE.json")
    family = names[0]
    data = {
        "generator": f"control_reference.py {family}",
        "gymnasium": gym.__version__,
        "numpy": np.__version__,
        "numpy_dispatch": "native" if "--native-dispatch" in sys.argv[1:] else "AVX-512 disabled",
    }
    data.update(FAMILIES[family]())
    json.dump(data, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
