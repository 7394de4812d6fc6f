# `upip` on the virtual board (MicroPython, runs in the VM): it cannot reach a package index.
__name__ = "upip"
_MESSAGE = ("upip: the virtual board has no Internet access; add the library to the project "
            "instead (the IDE installs HaaS libraries into it)")


def install(*packages, **options):
    print(_MESSAGE)


def help():
    print(_MESSAGE)


def get_install_path():
    return "/lib"
