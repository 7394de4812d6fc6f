"""HaaS1000/HaaS200 deploy (HaaS EDU K1, HaaS100, HaaS200): the `ymodem` deploy method.

These boards do not take files over the raw REPL. The project goes over as `pyamp.zip` while the
board is in its boot window (`amp shakehand`, then YMODEM); see `deploy.py`. The board catalogue
names the method (`"deploy": "ymodem"`).
"""

from __future__ import annotations

from ide import api

_ = api.translator(__file__)

PLUGIN = api.PluginInfo(
    name="haas1000", version="1.0.0", api="1.0",
    title=_("HaaS1000 and HaaS200 deploy"),
    description=_("Deploys projects to HaaS EDU K1, HaaS100 and HaaS200 boards: the project is zipped and "
                  "sent over YMODEM while the board is in its boot window."),
)


def activate(context: api.Context) -> None:
    context.add_deploy_method("ymodem", deploy_in_boot_window, title=_("HaaS1000 boot-window upload (YMODEM)"))


def deploy_in_boot_window(session: api.DeploySession) -> dict:
    """The deploy method; its code (zip, YMODEM) loads on the first deploy, not at every start."""
    from .deploy import deploy as deploy_project

    return deploy_project(session)
