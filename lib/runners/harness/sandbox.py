"""Launches a fetch script's interpreter inside Switchyard's sandbox, then execs it.

Run as: python3 -I sandbox.py <config.json> -- <program> [args...]

Before exec it (1) sets resource limits, (2) asks the kernel to SIGKILL this process if the worker
that spawned it dies, and (3) applies a Landlock ruleset: the whole filesystem stays readable except
the denied paths (DATA_DIR, the server's own folder, other processes' /proc entries); writes are
allowed only in the run's own folder and /dev. Landlock binds root too. Without Landlock (an old
kernel) it says so on stderr and carries on with the other limits.
"""
import ctypes
import json
import os
import resource
import signal
import sys

SYS_CREATE_RULESET, SYS_ADD_RULE, SYS_RESTRICT_SELF = 444, 445, 446
PR_SET_NO_NEW_PRIVS, PR_SET_PDEATHSIG = 38, 1

EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
REMOVE_DIR, REMOVE_FILE, MAKE_CHAR, MAKE_DIR = 1 << 4, 1 << 5, 1 << 6, 1 << 7
MAKE_REG, MAKE_SOCK, MAKE_FIFO, MAKE_BLOCK, MAKE_SYM = 1 << 8, 1 << 9, 1 << 10, 1 << 11, 1 << 12
REFER, TRUNCATE, IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
SCOPE_SIGNAL = 1 << 1

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long


class PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


class RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64), ("scoped", ctypes.c_uint64)]


def abi_version():
    v = libc.syscall(SYS_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    return v if v > 0 else 0


def handled_rights(abi):
    rights = (EXECUTE | WRITE_FILE | READ_FILE | READ_DIR | REMOVE_DIR | REMOVE_FILE | MAKE_CHAR | MAKE_DIR
              | MAKE_REG | MAKE_SOCK | MAKE_FIFO | MAKE_BLOCK | MAKE_SYM)
    if abi >= 2:
        rights |= REFER
    if abi >= 3:
        rights |= TRUNCATE
    if abi >= 5:
        rights |= IOCTL_DEV
    return rights


def inside(path, root):
    return path == root or path.startswith(root.rstrip("/") + "/")


def readable_paths(root, denied):
    """Every path under root except the denied ones, as few and as high as possible."""
    out = []
    try:
        entries = list(os.scandir(root))
    except OSError:
        return out
    for entry in entries:
        path = entry.path
        try:
            real = os.path.realpath(path)
        except OSError:
            continue
        # A symlink to (or above) a denied path would open it up: skip it.
        if any(inside(real, d) or inside(d, real) for d in denied) and real != path:
            continue
        if any(path == d for d in denied):
            continue
        if any(inside(d, path) for d in denied) and entry.is_dir(follow_symlinks=False):
            out.extend(readable_paths(path, denied))
        else:
            out.append(path)
    return out


def add_rule(ruleset_fd, path, access, abi):
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return
    try:
        if not os.path.isdir(path):
            access &= EXECUTE | WRITE_FILE | READ_FILE | (TRUNCATE if abi >= 3 else 0) | (IOCTL_DEV if abi >= 5 else 0)
        attr = PathBeneath(access, fd)
        if libc.syscall(SYS_ADD_RULE, ruleset_fd, 1, ctypes.byref(attr), 0) != 0:
            err = ctypes.get_errno()
            sys.stderr.write(f"[sandbox] could not add rule for {path}: {os.strerror(err)}\n")
    finally:
        os.close(fd)


def apply_landlock(cfg):
    abi = abi_version()
    if abi <= 0:
        sys.stderr.write("[sandbox] WARNING: Landlock is not available on this kernel; the script is not kept out of DATA_DIR\n")
        return False
    rights = handled_rights(abi)
    attr = RulesetAttr(rights, 0, SCOPE_SIGNAL if abi >= 6 else 0)
    size = ctypes.sizeof(RulesetAttr) if abi >= 6 else 16
    ruleset = libc.syscall(SYS_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        sys.stderr.write(f"[sandbox] WARNING: Landlock ruleset failed: {os.strerror(ctypes.get_errno())}\n")
        return False
    read = EXECUTE | READ_FILE | READ_DIR
    denied = [os.path.realpath(p) for p in cfg["deny"]] + ["/proc"]
    for path in readable_paths("/", denied):
        add_rule(ruleset, path, read, abi)
    # /proc: only this process's own entries and a few system-wide files interpreters read.
    for path in [f"/proc/{os.getpid()}", "/proc/cpuinfo", "/proc/meminfo", "/proc/stat", "/proc/version", "/proc/sys/kernel", "/proc/sys/vm/overcommit_memory"]:
        add_rule(ruleset, path, read, abi)
    for path in cfg.get("readOnly", []):
        add_rule(ruleset, path, read, abi)
    for path in cfg["writable"] + ["/dev"]:
        add_rule(ruleset, path, rights, abi)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(NO_NEW_PRIVS) failed")
    if libc.syscall(SYS_RESTRICT_SELF, ruleset, 0) != 0:
        raise OSError(ctypes.get_errno(), "landlock_restrict_self failed")
    os.close(ruleset)
    return True


def main():
    sep = sys.argv.index("--")
    with open(sys.argv[1]) as f:
        cfg = json.load(f)
    os.unlink(sys.argv[1])
    program = sys.argv[sep + 1:]
    # Die with the worker: a killed server must not leave scripts running.
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != cfg["parentPid"]:
        os._exit(137)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if cfg.get("fileSizeBytes"):
        resource.setrlimit(resource.RLIMIT_FSIZE, (cfg["fileSizeBytes"], cfg["fileSizeBytes"]))
    if cfg.get("addressSpaceBytes"):
        resource.setrlimit(resource.RLIMIT_AS, (cfg["addressSpaceBytes"], cfg["addressSpaceBytes"]))
    apply_landlock(cfg)
    os.execvp(program[0], program)


if __name__ == "__main__":
    main()
