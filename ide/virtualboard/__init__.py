"""The virtual board: a simulated HaaS Python / MicroPython board that the IDE and the tests run
against, served to other tools by `haas-ide board serve`."""
