"""JupyterLab for trainees: its launcher and settings, and what notebooks keep of widget outputs."""
