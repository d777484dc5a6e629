"""A bare PySide6 window, shown and closed: the yardstick for `dangjian --self-test`."""

import os
import sys

from PySide6.QtWidgets import QApplication, QMainWindow


def process_age() -> float:
    # Same measure as app.ui.startup.process_age, inlined so that nothing of the app is imported.
    with open("/proc/self/stat", encoding="ascii") as f:
        start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime", encoding="ascii") as f:
        uptime = float(f.read().split()[0])
    return uptime - start_ticks / os.sysconf("SC_CLK_TCK")


app = QApplication(sys.argv[:1])
w = QMainWindow()
w.resize(800, 600)
w.show()
app.processEvents()
print(f"bare window shown {process_age() * 1000:.0f} ms after process start")
w.close()
os._exit(0)
