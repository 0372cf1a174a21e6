#!/usr/bin/env python3
"""A stand-in for the Python peer's CartPole speed, for ratios printed beside bench/envs.

Gymnasium is not installable on this machine, so this times a plain NumPy CartPole written from the equations in
shared/docs/CARTPOLE.md that does the same per-step work as Gymnasium's CartPoleEnv.step inside gym.make's
TimeLimit: a float64 NumPy state, np.cos/np.sin, the explicit-Euler update, the strict threshold test, a float32
observation array, a step counter and an info dict. It is NOT Gymnasium: Gymnasium adds wrapper layers
(OrderEnforcing, PassiveEnvChecker) and an action-space check, so the real peer is, if anything, slower.

Usage: /usr/bin/python3 bench/envs/cartpole_python_reference.py [seconds]
"""
import math
import sys
import time

import numpy as np


class CartPole:
    gravity, masscart, masspole, length, force_mag, tau = 9.8, 1.0, 0.1, 0.5, 10.0, 0.02
    total_mass = masspole + masscart
    polemass_length = masspole * length
    theta_limit = 12 * 2 * math.pi / 360
    x_limit = 2.4

    def __init__(self, max_steps=500):
        self.rng = np.random.default_rng(0)
        self.max_steps = max_steps
        self.state = None
        self.elapsed = 0

    def reset(self):
        self.state = self.rng.uniform(low=-0.05, high=0.05, size=(4,))
        self.elapsed = 0
        return np.array(self.state, dtype=np.float32), {}

    def step(self, action):
        x, x_dot, theta, theta_dot = self.state
        force = self.force_mag if action == 1 else -self.force_mag
        costheta, sintheta = np.cos(theta), np.sin(theta)
        temp = (force + self.polemass_length * np.square(theta_dot) * sintheta) / self.total_mass
        thetaacc = (self.gravity * sintheta - costheta * temp) / (
            self.length * (4.0 / 3.0 - self.masspole * np.square(costheta) / self.total_mass))
        xacc = temp - self.polemass_length * thetaacc * costheta / self.total_mass
        x = x + self.tau * x_dot
        x_dot = x_dot + self.tau * xacc
        theta = theta + self.tau * theta_dot
        theta_dot = theta_dot + self.tau * thetaacc
        self.state = np.array((x, x_dot, theta, theta_dot), dtype=np.float64)
        terminated = bool(x < -self.x_limit or x > self.x_limit or theta < -self.theta_limit or theta > self.theta_limit)
        self.elapsed += 1
        truncated = self.elapsed >= self.max_steps
        return np.array(self.state, dtype=np.float32), 1.0, terminated, truncated, {}


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    env = CartPole()
    obs, _ = env.reset()
    steps = 0
    start = time.perf_counter()
    cpu_start = time.thread_time()
    while time.perf_counter() - start < seconds:
        for _ in range(1000):
            action = 1 if obs[2] + obs[3] > 0 else 0
            obs, reward, terminated, truncated, info = env.step(action)
            if terminated or truncated:
                obs, _ = env.reset()
        steps += 1000
    rate = steps / (time.perf_counter() - start)
    cpu_rate = steps / (time.thread_time() - cpu_start)
    print(f"python+numpy CartPole stand-in (not Gymnasium itself): {rate:,.0f} steps/s, {cpu_rate:,.0f} per CPU-s")


if __name__ == "__main__":
    main()
