// A Python script that leaves a double-forked, setsid'd Python sleeping for an hour (argv carries <marker>) behind and returns
// only once that survivor is really running. Tests then assert the sandbox ended it.
export const survivorScript = (marker: string) => `import os, sys, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(3600)", "${marker}"])
    os._exit(0)
# Wait (polling) until the survivor really runs, so the test proves it is ended, not that it never started.
def running():
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if "${marker}" in open(f"/proc/{pid}/cmdline").read():
                return True
        except OSError:
            pass
    return False
deadline = time.time() + 20
while not running() and time.time() < deadline:
    time.sleep(0.05)
print("survivor running:", running())
`;
