"""Fitting the shipped models: dataset readers for ../shared/data, fine-tuning, calibration.

May import: anything but evaluation, render, corpus and the CLI.
"""
