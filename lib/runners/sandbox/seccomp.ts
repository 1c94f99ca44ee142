import "server-only";

// The seccomp filter every sandboxed process runs under, as the classic-BPF program bubblewrap
// loads with `--seccomp FD`. bubblewrap takes a compiled program and Debian ships no compiler for
// one that Node can call, so the few dozen instructions are assembled here; the list follows
// Docker's and Flatpak's default profiles for what an unprivileged workload never needs.

type Arch = { audit: number; nr: Record<string, number> };

// Numbers from the kernel's syscall tables (arch/x86/entry/syscalls/syscall_64.tbl and
// include/uapi/asm-generic/unistd.h for arm64).
const X86_64: Arch = {
  audit: 0xc000003e,
  nr: {
    socket: 41, clone: 56, clone3: 435, ptrace: 101, syslog: 103, personality: 135, vhangup: 153, pivot_root: 155, chroot: 161,
    acct: 163, mount: 165, umount2: 166, swapon: 167, swapoff: 168, reboot: 169, sethostname: 170, setdomainname: 171,
    iopl: 172, ioperm: 173, init_module: 175, delete_module: 176, quotactl: 179, lookup_dcookie: 212, kexec_load: 246,
    add_key: 248, request_key: 249, keyctl: 250, unshare: 272, perf_event_open: 298, name_to_handle_at: 303,
    open_by_handle_at: 304, setns: 308, process_vm_readv: 310, process_vm_writev: 311, finit_module: 313,
    kexec_file_load: 320, bpf: 321, userfaultfd: 323, io_uring_setup: 425, io_uring_enter: 426, io_uring_register: 427,
    open_tree: 428, move_mount: 429, fsopen: 430, fsconfig: 431, fsmount: 432, fspick: 433, mount_setattr: 442,
  },
};

const AARCH64: Arch = {
  audit: 0xc00000b7,
  nr: {
    socket: 198, clone: 220, clone3: 435, ptrace: 117, syslog: 116, personality: 92, vhangup: 58, pivot_root: 41, chroot: 51,
    acct: 89, mount: 40, umount2: 39, swapon: 224, swapoff: 225, reboot: 142, sethostname: 161, setdomainname: 162,
    init_module: 105, delete_module: 106, quotactl: 60, lookup_dcookie: 18, kexec_load: 104, add_key: 217, request_key: 218,
    keyctl: 219, unshare: 97, perf_event_open: 241, name_to_handle_at: 264, open_by_handle_at: 265, setns: 268,
    process_vm_readv: 270, process_vm_writev: 271, finit_module: 273, kexec_file_load: 294, bpf: 280, userfaultfd: 282,
    io_uring_setup: 425, io_uring_enter: 426, io_uring_register: 427, open_tree: 428, move_mount: 429, fsopen: 430,
    fsconfig: 431, fsmount: 432, fspick: 433, mount_setattr: 442,
  },
};

/** Refused outright with EPERM. */
export const BLOCKED_SYSCALLS = [
  "ptrace", "process_vm_readv", "process_vm_writev", "mount", "umount2", "pivot_root", "chroot", "open_tree", "move_mount",
  "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr", "unshare", "setns", "bpf", "perf_event_open", "add_key",
  "request_key", "keyctl", "init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load", "reboot",
  "swapon", "swapoff", "acct", "quotactl", "syslog", "lookup_dcookie", "vhangup", "sethostname", "setdomainname",
  "iopl", "ioperm", "userfaultfd", "name_to_handle_at", "open_by_handle_at", "io_uring_setup", "io_uring_enter",
  "io_uring_register",
] as const;

const AF_PACKET = 17;
const SOCK_RAW = 3;
const SOCK_TYPE_MASK = 0xf;
// clone() may not make namespaces: CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET.
const CLONE_NAMESPACE_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000;

const EPERM = 1;
const ENOSYS = 38;
const EAFNOSUPPORT = 97;

const RET_ALLOW = 0x7fff0000;
const RET_ERRNO = 0x00050000;
const RET_KILL_PROCESS = 0x80000000;

const LD_W_ABS = 0x20;
const JEQ_K = 0x15;
const JGE_K = 0x35;
const JSET_K = 0x45;
const AND_K = 0x54;
const RET_K = 0x06;

const OFF_NR = 0;
const OFF_ARCH = 4;
const arg = (i: number) => 16 + 8 * i; // low 32 bits, little-endian

type Label = "allow" | "eperm" | "enosys" | "eafnosupport" | "kill";
// A jump is to a return label, or a number of instructions to skip.
type Insn = { code: number; k: number; jt?: Label | number; jf?: Label | number };

function archFor(name: string): Arch | null {
  if (name === "x64") return X86_64;
  if (name === "arm64") return AARCH64;
  return null;
}

/** The filter as bytes (struct sock_filter[]), or null on an architecture it has no table for. */
export function buildSeccompFilter(archName: string = process.arch): Buffer | null {
  const arch = archFor(archName);
  if (!arch) return null;
  const body: Insn[] = [
    { code: LD_W_ABS, k: OFF_ARCH },
    { code: JEQ_K, k: arch.audit, jt: 0, jf: "kill" },
    { code: LD_W_ABS, k: OFF_NR },
  ];
  // x32 system calls on x86-64 would bypass every number below.
  if (arch === X86_64) body.push({ code: JGE_K, k: 0x40000000, jt: "eperm", jf: 0 });
  for (const name of BLOCKED_SYSCALLS) {
    const nr = arch.nr[name];
    if (nr !== undefined) body.push({ code: JEQ_K, k: nr, jt: "eperm", jf: 0 });
  }
  // clone3 passes its flags in memory a filter cannot read: refuse it so libc falls back to clone().
  body.push({ code: JEQ_K, k: arch.nr.clone3, jt: "enosys", jf: 0 });
  // clone(flags, …): no new namespaces.
  body.push({ code: JEQ_K, k: arch.nr.clone, jt: 0, jf: 2 });
  body.push({ code: LD_W_ABS, k: arg(0) });
  body.push({ code: JSET_K, k: CLONE_NAMESPACE_FLAGS, jt: "eperm", jf: "allow" });
  // socket(domain, type, …): no packet sockets, no raw sockets of any family.
  body.push({ code: JEQ_K, k: arch.nr.socket, jt: 0, jf: "allow" });
  body.push({ code: LD_W_ABS, k: arg(0) });
  body.push({ code: JEQ_K, k: AF_PACKET, jt: "eafnosupport", jf: 0 });
  body.push({ code: LD_W_ABS, k: arg(1) });
  body.push({ code: AND_K, k: SOCK_TYPE_MASK });
  body.push({ code: JEQ_K, k: SOCK_RAW, jt: "eperm", jf: "allow" });

  const tail: Record<Label, number> = {
    allow: RET_ALLOW,
    eperm: RET_ERRNO | EPERM,
    enosys: RET_ERRNO | ENOSYS,
    eafnosupport: RET_ERRNO | EAFNOSUPPORT,
    kill: RET_KILL_PROCESS,
  };
  const labels = Object.keys(tail) as Label[];
  const at = (label: Label) => body.length + labels.indexOf(label);
  const buf = Buffer.alloc((body.length + labels.length) * 8);
  const jump = (i: number, target: Label | number | undefined) => {
    if (target === undefined) return 0;
    if (typeof target === "number") return target;
    const offset = at(target) - (i + 1);
    if (offset > 255) throw new Error("seccomp filter jump out of range");
    return offset;
  };
  body.forEach((insn, i) => {
    buf.writeUInt16LE(insn.code, i * 8);
    buf.writeUInt8(jump(i, insn.jt), i * 8 + 2);
    buf.writeUInt8(jump(i, insn.jf), i * 8 + 3);
    buf.writeUInt32LE(insn.k >>> 0, i * 8 + 4);
  });
  labels.forEach((label, j) => {
    const i = body.length + j;
    buf.writeUInt16LE(RET_K, i * 8);
    buf.writeUInt32LE(tail[label] >>> 0, i * 8 + 4);
  });
  return buf;
}
