"""A scanned page (a receipt, a signed agreement) shown at its size in a window that scrolls."""

from __future__ import annotations

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QLabel, QScrollArea, QVBoxLayout, QWidget


class ImageDialog(QDialog):
    """A photographed page, scaled to the window, scrolled when larger."""

    def __init__(self, title: str, data: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.pixmap = QPixmap()
        self.pixmap.loadFromData(data)
        self.image = QLabel()
        self.image.setObjectName("scanImage")
        self.image.setPixmap(self.pixmap if not self.pixmap.isNull() else QPixmap())
        if self.pixmap.isNull():
            self.image.setText("这张图片无法显示（文件可能已损坏）")
        area = QScrollArea()
        area.setWidget(self.image)
        area.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.addWidget(area)
        self.resize(800, 900)
