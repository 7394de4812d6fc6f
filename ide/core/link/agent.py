"""Code the deploy sends to the board: a survey (capabilities, file hashes) and a file receiver.

Written for MicroPython 1.13 to 1.2x (no f-strings; `uzlib` or `deflate`), short because it
travels over the wire at every deploy. The receiver takes a file as raw bytes on stdin, in
windows acknowledged with \\x01 (the raw-paste scheme, applied to binary data), so a transfer
costs one wire byte per payload byte, or fewer when compressed. Ctrl-C is disabled while bytes
arrive (a 0x03 in the data must not interrupt) and re-enabled after.
"""

from __future__ import annotations

SURVEY = """\
import uos as O,sys as S
P=print
try:
 import uhashlib as H
except ImportError:
 H=None
try:
 import ubinascii as B
except ImportError:
 B=None
def _h(p):
 h=H.sha256();b=bytearray(512);m=memoryview(b);f=open(p,'rb')
 while 1:
  n=f.readinto(b)
  if not n:break
  h.update(m[:n])
 f.close();return B.hexlify(h.digest()).decode()
def _l(d):
 try:
  it=list(O.ilistdir(d))
 except OSError:
  return
 for e in it:
  p=d+'/'+e[0]
  if e[1]&0x4000:
   P(repr((p,-1,'')));_l(p)
  else:
   P(repr((p,O.stat(p)[6],_h(p) if H and B else '')))
def _c(d):
 c={'sha256':bool(H and B),'b64':bool(B and hasattr(B,'a2b_base64')),'z':''}
 try:
  import uzlib;c['z']='uzlib'
 except ImportError:
  try:
   import deflate;c['z']='deflate'
  except ImportError:pass
 c['stdin']=hasattr(S.stdin,'buffer')
 try:
  import micropython;c['kbd']=hasattr(micropython,'kbd_intr')
 except ImportError:c['kbd']=False
 try:
  v=O.statvfs('/');c['free']=v[0]*v[3]
 except OSError:c['free']=-1
 c['ver']=S.implementation.version
 P(repr(c))
"""

RECEIVER = """\
def _D(s):
 try:
  import uzlib;return uzlib.DecompIO(s)
 except ImportError:
  import deflate;return deflate.DeflateIO(s,deflate.ZLIB)
def _r(f,n,w):
 import micropython
 b=S.stdin.buffer;micropython.kbd_intr(-1)
 try:
  S.stdout.write('\\x01')
  while n>0:
   d=b.read(min(n,w));f.write(d);n-=len(d);S.stdout.write('\\x01')
 finally:
  micropython.kbd_intr(3)
def _x(p):
 try:O.remove(p)
 except OSError:pass
def _f(t,p,x):
 if x and _h(t)!=x:
  _x(t);raise OSError(5)
 try:
  O.rename(t,p)
 except OSError:
  _x(p);O.rename(t,p)
def _p(p,n,z,x,w):
 t=p+'.~tmp'
 try:
  if z:
   f=open(t+'z','wb');_r(f,z,w);f.close()
   s=open(t+'z','rb');f=open(t,'wb');d=_D(s);b=bytearray(512);m=memoryview(b)
   while 1:
    k=d.readinto(b)
    if not k:break
    f.write(m[:k])
   f.close();s.close();_x(t+'z')
  else:
   f=open(t,'wb');_r(f,n,w);f.close()
  _f(t,p,x)
 except BaseException as e:
  try:f.close()
  except BaseException:pass
  _x(t);_x(t+'z');raise e
def _m(p):
 q=''
 for s in p.split('/')[1:]:
  q+='/'+s
  try:O.mkdir(q)
  except OSError:pass
def _d(fs,ds):
 for p in fs:_x(p)
 for p in ds:
  try:O.rmdir(p)
  except OSError:pass
"""

WINDOW = 128  # bytes per acknowledgement; two windows fill the board's 256-byte receive buffer
