"""The kernels the suite starts: this interpreter's, talking over IPC sockets, never TCP ports.

Over TCP, jupyter_client picks a kernel's five ports by binding port 0 and closing the socket;
the kernel binds them a moment later. Two processes starting kernels at the same moment can be
handed the same free port, and one kernel dies with ``ZMQError: Address already in use``
("Kernel died before replying to kernel_info"). ``scripts/kernel_race.py`` shows the race.

Over IPC, a kernel's sockets are files whose names start with a fresh UUID: two kernels cannot
share one. The path is absolute, because the kernel runs in the notebook's folder and the client
in pytest's.

Used by nbval (the root ``conftest.py`` swaps nbval's kernel manager for ``IpcKernelManager``),
by the tests that run notebooks with nbclient, and by ``scripts/execute_notebooks.sh``.
"""

from __future__ import annotations

import os
import tempfile
import uuid

from ipykernel.kernelspec import RESOURCES, get_kernel_dict
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager, KernelManager
from traitlets import HasTraits, default


class ThisPythonSpecs(KernelSpecManager):
    """Every kernel is this interpreter's (like nbval's ``--nbval-current-env``), whatever
    kernelspecs the machine has installed."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        return self.kernel_spec_class(resource_dir=RESOURCES, **get_kernel_dict())


class OverIpc(HasTraits):
    """Kernel manager defaults: IPC transport, sockets under a unique absolute path."""

    @default("transport")
    def _ipc(self) -> str:
        return "ipc"

    @default("ip")
    def _unique_socket_path(self) -> str:
        return os.path.join(tempfile.gettempdir(), f"kernel-{uuid.uuid4().hex}-ipc")

    @default("kernel_spec_manager")
    def _this_python(self) -> KernelSpecManager:
        return ThisPythonSpecs()


class IpcKernelManager(OverIpc, KernelManager):
    """What nbval and the synchronous tests start."""


class AsyncIpcKernelManager(OverIpc, AsyncKernelManager):
    """What nbclient's ``NotebookClient(kernel_manager_class=...)`` starts."""
