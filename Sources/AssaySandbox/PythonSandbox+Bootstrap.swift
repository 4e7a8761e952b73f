/// The Python that runs first in every sandboxed process. Kept in the binary rather than as a resource file:
/// a released `assay` is copied to CI workers on its own, and a sandbox without its bootstrap would not run.
extension PythonSandbox {
    /// Runs first, as the run's user and under its limits: makes no new privileges certain, records the session
    /// when asked, restricts writes to the work directory with Landlock (fails closed when that was probed to work
    /// and then does not), then replaces itself with the program. `--probe` prints the Landlock ABI (0 for none).
    /// Arguments: work directory, program, Landlock ABI to apply (0: none), session file (or "-").
    static let bootstrapSource = #"""
        import ctypes, os, sys

        L = ctypes.c_long

        def fail(message):
            os.write(2, ("assay sandbox: " + message + "\n").encode())
            os._exit(125)

        def landlock_abi(libc):
            abi = libc.syscall(L(444), None, L(0), L(1))  # landlock_create_ruleset(NULL, 0, VERSION)
            return abi if abi > 0 else 0

        def restrict(libc, abi, work):
            fs = 0
            for bit in (1, 4, 5, 6, 7, 8, 9, 10, 11, 12):  # write_file, remove_dir, remove_file, make_*
                fs |= 1 << bit
            if abi >= 2:
                fs |= 1 << 13  # refer
            if abi >= 3:
                fs |= 1 << 14  # truncate
            net = 3 if abi >= 4 else 0  # bind_tcp, connect_tcp: handled, never allowed
            scoped = 3 if abi >= 6 else 0  # abstract unix sockets, signals: only inside the sandbox

            class Ruleset(ctypes.Structure):
                _fields_ = [("fs", ctypes.c_uint64), ("net", ctypes.c_uint64), ("scoped", ctypes.c_uint64)]

            class PathBeneath(ctypes.Structure):
                _pack_ = 1
                _fields_ = [("allowed", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]

            attr = Ruleset(fs, net, scoped)
            size = 24 if abi >= 6 else 16 if abi >= 4 else 8
            ruleset = libc.syscall(L(444), ctypes.byref(attr), L(size), L(0))
            if ruleset < 0:
                fail("landlock_create_ruleset: " + os.strerror(ctypes.get_errno()))
            null = (1 << 1) | ((1 << 14) if abi >= 3 else 0)
            for path, allowed in ((work, fs), ("/dev/null", null)):
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
                rule = PathBeneath(allowed, fd)
                if libc.syscall(L(445), L(ruleset), L(1), ctypes.byref(rule), L(0)) != 0:
                    fail("landlock_add_rule " + path + ": " + os.strerror(ctypes.get_errno()))
                os.close(fd)
            if libc.syscall(L(446), L(ruleset), L(0)) != 0:
                fail("landlock_restrict_self: " + os.strerror(ctypes.get_errno()))
            os.close(ruleset)

        def main(args):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.syscall.restype = ctypes.c_long
            if args[:1] == ["--probe"]:
                print(landlock_abi(libc))
                return
            work, program, want, session = args
            if libc.prctl(ctypes.c_int(38), L(1), L(0), L(0), L(0)) != 0:  # PR_SET_NO_NEW_PRIVS
                fail("no_new_privs: " + os.strerror(ctypes.get_errno()))
            if session != "-":
                with open(session, "w") as f:
                    f.write(str(os.getsid(0)))
            if int(want) > 0:
                abi = landlock_abi(libc)
                if abi < 1:
                    fail("Landlock is not available")
                restrict(libc, abi, work)
            # Descriptors the program must not hold: Foundation's termination socket among them (whoever holds it
            # keeps the run from being seen to end).
            os.closerange(3, os.sysconf("SC_OPEN_MAX"))
            os.execv(sys.executable, [sys.executable, "-I", "-B", program])

        main(sys.argv[1:])
        """#
}
