"""Runs a fetch script with `lib` importable. Started by sandbox.py; reads its context from stdin."""
import json
import os
import runpy
import sys
import traceback

here = os.path.dirname(os.path.abspath(__file__))
context = json.loads(sys.stdin.read() or "{}")
sys.stdin.close()
sys.stdin = open(os.devnull)
for path in reversed([here] + context.get("pythonPath", [])):
    sys.path.insert(0, path)

import lib  # noqa: E402

lib._init(context)
script = context["script"]
sys.argv = [script]
code = 0
try:
    runpy.run_path(script, run_name="__main__")
except SystemExit as e:
    code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
except MemoryError:
    lib._report("memory", "The script ran out of memory (memory limit reached)")
    code = 3
except BrokenPipeError:
    code = 0  # Switchyard stopped reading: it has what it needs (test preview) or is cancelling.
except BaseException as e:  # noqa: BLE001 - report anything the script raised
    frames = [f for f in traceback.extract_tb(e.__traceback__) if os.path.dirname(f.filename) != here and "runpy" not in f.filename]
    text = "Traceback (most recent call last):\n" + "".join(traceback.format_list(frames)) + "".join(
        traceback.format_exception_only(type(e), e)
    )
    sys.stderr.write(text)
    lib._report("exception", "".join(traceback.format_exception_only(type(e), e)).strip())
    code = 1
finally:
    try:
        sys.stdout.flush()
    except Exception:  # noqa: BLE001
        pass
    lib._close()
os._exit(code)
