"""Process identity and liveness checks (pid, boot id, start time) for recovery."""

from __future__ import annotations

import hashlib
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ProcessOwner:
    """Identity of the process that writes a run, for checking later that it runs.

    ``host_key`` is a hash of the host name, so the name itself is never stored.
    ``boot_id`` and ``process_start`` are empty where the platform has no cheap way
    to read them (everywhere but Linux).
    """

    host_key: str
    pid: int
    boot_id: str
    process_start: str


def current_owner() -> ProcessOwner:
    """Return the ProcessOwner of this process."""
    digest = hashlib.sha256(socket.gethostname().encode("utf-8")).hexdigest()
    pid = os.getpid()
    return ProcessOwner(digest[:16], pid, _boot_id(), _process_start(pid) or "")


def owner_is_dead(owner: ProcessOwner | None, me: ProcessOwner) -> bool | None:
    """Return whether ``owner`` has stopped, or None if this host cannot check it.

    A run with no owner row is dead, because the writer adds the row in the same
    transaction as run_started. A process on another host cannot be checked.
    """
    if owner is None:
        return True
    if owner.host_key != me.host_key:
        return None
    if owner.boot_id and me.boot_id and owner.boot_id != me.boot_id:
        return True

    start = _process_start(owner.pid)
    if start is None:
        return True
    # A different start time means the pid was reused by a new process.
    return bool(owner.process_start and start and start != owner.process_start)


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def _process_start(pid: int) -> str | None:
    """Return a start-time token of process ``pid``, "" if unknown, None if gone."""
    if pid <= 0:
        return None
    if sys.platform.startswith("linux") and Path("/proc/self/stat").exists():
        return _linux_process_start(pid)
    if sys.platform == "win32":
        return "" if _windows_pid_exists(pid) else None
    try:
        os.kill(pid, 0)  # signal 0 only checks that the pid exists
    except ProcessLookupError:
        return None
    except PermissionError:
        pass  # it exists but belongs to another user
    return ""


def _linux_process_start(pid: int) -> str | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name in brackets may contain spaces, so split after it.
    state, *rest = stat.rsplit(")", 1)[-1].split() or ["?"]
    if state in ("Z", "X"):
        return None  # a zombie has exited but is not yet reaped
    if len(rest) < 19:
        return ""  # alive, but the start time is unreadable
    return rest[18]  # field 22 of proc_pid_stat(5): start time in clock ticks


def _windows_pid_exists(pid: int) -> bool:
    # NOTE: written against the Win32 documentation; it has not run on Windows.
    # os.kill(pid, 0) cannot be used there because it terminates the process.
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.OpenProcess.restype = wintypes.HANDLE
    kernel32.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
    query_limited_information = 0x1000
    still_active = 259
    access_denied = 5

    handle = kernel32.OpenProcess(query_limited_information, False, pid)
    if not handle:
        return ctypes.get_last_error() == access_denied
    try:
        exit_code = wintypes.DWORD()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(exit_code)):
            return True
        return exit_code.value == still_active
    finally:
        kernel32.CloseHandle(handle)
