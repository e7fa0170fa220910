"""Build configuration that pyproject.toml cannot say: the top-level ``templates/`` and
``static/`` folders ship inside the wheel as ``votekit/templates`` and ``votekit/static``
(package data mapped by ``package_dir``), so an installed kit serves its pages."""
from setuptools import find_packages, setup

SHIPPED_FOLDERS = {"votekit.templates": "templates", "votekit.static": "static"}

setup(packages=find_packages(include=["votekit", "votekit.*"]) + sorted(SHIPPED_FOLDERS),
      package_dir=SHIPPED_FOLDERS)
