# HaaS Python boot.py (virtual board firmware file; a deploy never touches it)
# This file is executed on every boot (including wake-boot from deepsleep)
import gc
gc.collect()
