# HaaS firmware library: application upgrade helper (no-op on the virtual board).
def upgrade(*args, **kwargs):
    return -1
