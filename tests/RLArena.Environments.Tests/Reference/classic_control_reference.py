"""Writes classic_control_reference.json: values printed by Gymnasium v0.29.1's MountainCar-v0 and Acrobot-v1 that
MountainCarTests and AcrobotTests compare against.

Run with Debian's python3 and python3-numpy (NumPy 1.24), with Gymnasium's source on PYTHONPATH (its gymnasium/
folder, tag v0.29.1; Gymnasium itself is not part of this repository):

    PYTHONPATH=/path/to/Gymnasium-v0.29.1 /usr/bin/python3 classic_control_reference.py > classic_control_reference.json
    PYTHONPATH=/path/to/Gymnasium-v0.29.1 /usr/bin/python3 classic_control_reference.py --native-dispatch \
        > classic_control_reference_avx512.json   # on a CPU with AVX-512

NumPy picks its sin/cos at run time from the CPU. On CPUs with AVX-512 (AVX512_SKX), NumPy 1.24 computes float64
sin/cos with its own vector code, which differs from the C library's by 1-2 units in the last place for most inputs;
on other CPUs it calls the C library, as Python's math module and .NET's Math do. Acrobot-v1 uses NumPy's sin/cos,
so Gymnasium's own Acrobot trajectories differ between CPUs. By default this script turns NumPy's AVX-512 dispatch
off before NumPy is imported, so the values are what Gymnasium gives on a CPU without AVX-512 (C-library sin/cos for
float64). With --native-dispatch it leaves NumPy's choice alone; on an AVX-512 CPU that gives the second file, which
the tests compare with a tolerance. MountainCar-v0 uses math.cos and is the same everywhere.
"""
import os
import sys

if "--native-dispatch" not in sys.argv[1:]:
    os.environ["NPY_DISABLE_CPU_FEATURES"] = "AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL"

import json  # noqa: E402

import numpy as np  # noqa: E402
import gymnasium as gym  # noqa: E402

RESET_SEEDS = [0, 1, 2, 3, 42, 12345, 2**31 - 1]


def f32(values):
    """float32 observation values as the floats they are exactly."""
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


def single_steps(make, states):
    out = []
    for state in states:
        for action in range(3):
            env = make()
            env.reset(seed=0)
            env.unwrapped.state = np.array(state, dtype=np.float64)
            obs, reward, terminated, truncated, _ = env.step(action)
            out.append({"state": state, "action": action, "next_state": state_list(env), "obs": f32(obs),
                        "reward": float(reward), "terminated": bool(terminated), "truncated": bool(truncated)})
    return out


def rollout(make, seed, policy, keep_trajectory=False):
    """Runs the registered (time-limited) environment until the episode ends; policy(step, float64 state) -> action."""
    env = make()
    obs, _ = env.reset(seed=seed)
    total, steps, actions, trajectory = 0.0, 0, [], []
    while True:
        action = policy(steps, [float(v) for v in env.unwrapped.state])  # float64, as the C# policy sees it
        obs, reward, terminated, truncated, _ = env.step(action)
        total += reward
        steps += 1
        actions.append(action)
        if keep_trajectory:
            trajectory.append(state_list(env))
        if terminated or truncated:
            break
    result = {"seed": seed, "steps": steps, "return": total, "terminated": bool(terminated), "truncated": bool(truncated),
              "final_state": state_list(env), "final_obs": f32(obs), "actions": actions}
    if keep_trajectory:
        result["trajectory"] = trajectory
    return result


# MountainCar-v0 policies (the C# tests compute the same decisions from the same float64 state)
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


def scripted(actions):
    return lambda step, s: actions[step % len(actions)]


def main():
    mountain = lambda: gym.make("MountainCar-v0")  # noqa: E731
    acrobot = lambda: gym.make("Acrobot-v1")  # noqa: E731
    random_actions = [int(a) for a in np.random.default_rng(99).integers(0, 3, 500)]
    data = {
        "generator": "classic_control_reference.py",
        "gymnasium": gym.__version__,
        "numpy": np.__version__,
        "numpy_dispatch": "native" if "--native-dispatch" in sys.argv[1:] else "AVX-512 disabled",
        "mountaincar": {
            "resets": resets(mountain),
            "steps": single_steps(mountain, [
                [-0.5, 0.0], [-0.523, 0.0123], [0.1, 0.069], [-1.19, -0.02], [-1.2, -0.0001], [0.49, 0.012],
                [0.5, 0.0], [0.499, 0.0], [-0.9, -0.07], [0.59, 0.07], [0.3, -0.0699],
            ]),
            "rollouts": [rollout(mountain, 0, pump, keep_trajectory=True)]
                        + [rollout(mountain, s, pump) for s in (1, 2, 3, 4)]
                        + [rollout(mountain, 5, left_then_pump, keep_trajectory=True),
                           rollout(mountain, 6, coast),
                           rollout(mountain, 7, scripted(random_actions))],
        },
        "acrobot": {
            "resets": resets(acrobot),
            "steps": single_steps(acrobot, [
                [0.0, 0.0, 0.0, 0.0], [0.05, -0.03, 0.02, -0.01], [1.3, -2.1, 3.0, -5.5], [-3.1, 3.1, -12.0, 27.0],
                [3.14, 0.2, 12.5, 28.2], [-2.5, -0.4, -12.56, -28.27], [2.9, 0.3, 1.0, 1.0],
            ]),
            "rollouts": [rollout(acrobot, 0, swing, keep_trajectory=True)]
                        + [rollout(acrobot, s, swing) for s in (1, 2, 3, 4)]
                        + [rollout(acrobot, 5, swing, keep_trajectory=True),
                           rollout(acrobot, 6, scripted([1])),
                           rollout(acrobot, 7, scripted(random_actions))],
        },
    }
    json.dump(data, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
