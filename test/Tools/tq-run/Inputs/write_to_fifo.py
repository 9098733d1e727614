"""Runs a command whose output path is a FIFO and says what became of it.

usage: write_to_fifo.py FIFO OUT -- COMMAND...

Makes the FIFO, reads it into OUT in a thread while COMMAND runs (a
writer that renamed a file over the FIFO instead of opening it would leave
the reader waiting: it gives up after 60 s), then prints the command's exit
status, whether FIFO is still a FIFO, and how many bytes came through.
"""

import os
import stat
import subprocess
import sys
import threading

fifo, out = sys.argv[1], sys.argv[2]
command = sys.argv[sys.argv.index("--") + 1:]
os.mkfifo(fifo)
got = []


def read():
    with open(fifo, "rb") as f, open(out, "wb") as o:
        data = f.read()
        o.write(data)
        got.append(len(data))


reader = threading.Thread(target=read, daemon=True)
reader.start()
rc = subprocess.run(command).returncode
reader.join(60)
if reader.is_alive():
    # Unblock the reader's open so that the process can exit.
    os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
print("exit status", rc)
print("still a fifo:", stat.S_ISFIFO(os.lstat(fifo).st_mode))
print("bytes through the fifo:", got[0] if got else "none")
