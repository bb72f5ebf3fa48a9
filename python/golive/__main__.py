"""`python -m golive ARGS`: runs the golive binary this package installed."""

import os
import sys
import sysconfig


def find_golive() -> str:
    """The path of the golive binary the wheel installed with this package.

    A wheel's scripts land in the scheme's `scripts` directory: the virtual
    environment's or the interpreter's, the user scheme's for `pip install
    --user`, or `bin/` beside the package for `pip install --target`.
    """
    exe = "golive" + (sysconfig.get_config_var("EXE") or "")
    candidates = [os.path.join(sysconfig.get_path("scripts"), exe)]
    if sys.version_info >= (3, 10):
        user_scheme = sysconfig.get_preferred_scheme("user")
    elif os.name == "nt":
        user_scheme = "nt_user"
    elif sys.platform == "darwin" and getattr(sys, "_framework", None):
        user_scheme = "osx_framework_user"
    else:
        user_scheme = "posix_user"
    candidates.append(os.path.join(sysconfig.get_path("scripts", scheme=user_scheme), exe))
    package_parent = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    candidates.append(os.path.join(package_parent, "bin", exe))
    for candidate in candidates:
        if os.path.isfile(candidate):
            return candidate
    raise FileNotFoundError("the golive binary is not installed; looked in " + ", ".join(candidates))


def main() -> "int":
    golive = find_golive()
    if os.name == "nt":
        import subprocess

        return subprocess.run([golive, *sys.argv[1:]]).returncode
    os.execv(golive, [golive, *sys.argv[1:]])
    return 0  # not reached: execv replaces the process


if __name__ == "__main__":
    sys.exit(main())
