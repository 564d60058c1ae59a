"""Interactive labs: the same front-end in JupyterLab and on the static site."""
