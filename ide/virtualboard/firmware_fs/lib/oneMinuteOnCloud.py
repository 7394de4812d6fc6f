# HaaS firmware library: the "one minute on the cloud" quick-start helper.
def start(*args, **kwargs):
    return -1
