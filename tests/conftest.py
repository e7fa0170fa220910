import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The kit's data folder (meeting file, secret key, ballots) for every test and the
# servers they start: a fresh temporary folder, never the tester's own 文档/votekit.
os.environ["VOTEKIT_HOME"] = tempfile.mkdtemp(prefix="votekit-home-")
atexit.register(shutil.rmtree, os.environ["VOTEKIT_HOME"], True)
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from hypothesis import settings

# In CI every property runs the same examples each time (no flaky seeds).
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
