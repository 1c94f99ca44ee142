"""The first process inside a run's bubblewrap sandbox (PID 2, under bubblewrap's reaper).

Run as: python3 -I -S sandbox_init.py '<config json>'

1. When the server runs as root, bubblewrap builds the namespaces as root and hands this process
   only CAP_SETUID/SETGID/SETPCAP: it empties the capability bounding set, switches to the
   sandbox's unprivileged uid/gid for good, and checks that no capability is left.
2. Lowers its CPU priority (nice 10, inherited by everything it starts) and sets the rlimits (CPU
   time, open files, file size, no core dumps; processes and address space only where no cgroup
   holds them).
3. Listens on 127.0.0.1:<port> inside the sandbox's own network namespace and relays each
   connection to the egress proxy's Unix socket, the sandbox's only way out. The socket is bound
   before the script starts, so its first request cannot race the forwarder.
4. Forks the program and waits for it; exits with its status. When this process exits, bubblewrap's
   reaper exits and the kernel kills everything left in the PID namespace.
"""
import ctypes
import json
import os
import resource
import signal
import socket
import sys
import threading

PR_CAPBSET_DROP, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 24, 47, 4


class CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def fail(message):
    sys.stderr.write(f"[sandbox] {message}\n")
    os._exit(126)


def drop_privileges(uid, gid):
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in range(64):
        libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    header = CapHeader(0x20080522, 0)
    data = (CapData * 2)()
    if libc.capset(ctypes.byref(header), data) != 0:
        fail(f"could not clear capabilities: {os.strerror(ctypes.get_errno())}")
    with open("/proc/self/status") as f:
        caps = {k: v.strip() for k, v in (line.split(":", 1) for line in f if line.startswith("Cap"))}
    if any(int(v, 16) for v in caps.values()) or os.getuid() == 0 or os.geteuid() == 0:
        fail(f"refusing to run: privileges left after the switch ({caps})")


def set_limits(limits):
    for name, value in limits.items():
        res = getattr(resource, f"RLIMIT_{name.upper()}")
        hard = value + 5 if name == "cpu" else value  # SIGXCPU first, SIGKILL 5 s later
        resource.setrlimit(res, (value, hard))


def pump(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    finally:
        try:
            dst.shutdown(socket.SHUT_WR)
        except OSError:
            pass


def relay(client, socket_path):
    upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        upstream.connect(socket_path)
    except OSError:
        client.close()
        upstream.close()
        return
    back = threading.Thread(target=pump, args=(upstream, client), daemon=True)
    back.start()
    pump(client, upstream)
    back.join()
    client.close()
    upstream.close()


def serve(listener, socket_path):
    while True:
        try:
            client, _ = listener.accept()
        except OSError:
            return
        threading.Thread(target=relay, args=(client, socket_path), daemon=True).start()


def main():
    cfg = json.loads(sys.argv[1])
    if cfg.get("uid") is not None:
        drop_privileges(cfg["uid"], cfg["gid"])
    os.umask(cfg.get("umask", 0o077))
    # Scripts yield the CPU to the console and the loader: a busy script must not slow the pages.
    os.nice(cfg.get("nice", 10))
    set_limits(cfg.get("rlimits", {}))
    listener = None
    if cfg.get("egress"):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", cfg["egress"]["port"]))
        listener.listen(64)
        listener.set_inheritable(False)
    os.chdir(cfg.get("cwd", "/tmp"))
    program = cfg["program"]
    pid = os.fork()
    if pid == 0:
        try:
            os.execve(program[0], program, cfg.get("env", dict(os.environ)))
        except OSError as e:
            sys.stderr.write(f"[sandbox] could not start {program[0]}: {e.strerror}\n")
            os._exit(127)
    # This process keeps none of the run's pipes open, so they close when the program's tree ends.
    devnull = os.open("/dev/null", os.O_RDWR)
    keep = {devnull, listener.fileno() if listener is not None else -1}
    for fd in (0, 1, 2, 3, 4):
        if fd in keep:
            continue
        try:
            os.dup2(devnull, fd)
        except OSError:
            pass
    os.close(devnull)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, lambda s, _f: os.kill(pid, s))
    if listener is not None:
        threading.Thread(target=serve, args=(listener, cfg["egress"]["socket"]), daemon=True).start()
    while True:
        try:
            _, status = os.waitpid(pid, 0)
            break
        except InterruptedError:
            continue
    if os.WIFSIGNALED(status):
        os._exit(128 + os.WTERMSIG(status))
    os._exit(os.WEXITSTATUS(status))


if __name__ == "__main__":
    main()
