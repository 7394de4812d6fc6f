"""The Qt user interface: the main window, its widgets and dialogs.

Widgets live one per module. They never talk to a serial port themselves: device sessions belong
to worker objects in their own threads (see the design notes), which the widgets reach through
queued signals. `ide.gui.app.run()` starts the application.
"""
