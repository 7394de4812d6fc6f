"""Code the deploy sends to the board: a survey (firmware, target, file sizes and hashes) and a
file receiver.

Written for every MicroPython from 1.9 (the BBC micro:bit: `os` with only listdir/remove/size/
uname, no `uos`, no hashlib, no `sys.stdin`, 6 KB of heap) to 1.2x, HaaS Python included: no
f-strings, every module found under its `u` name first (a project file `os.py` must not shadow
the real one), every optional feature looked up before use. Short, because it travels over the
wire at every deploy.

The survey prints the capabilities (a dict literal) on its first line, then for each project
file `F index size digest` (the first 128 bits of its SHA-256 in hex, only when the size matches,
else `-`), `N count` of the deploy manifest's entries, and one tuple literal per manifest file
that left the project `('M', rel, size)`, per temporary file a cut-off deploy left next to one of
those files `('T', rel, size)` and, with `LISTER`, per entry under the target `('A', rel, size)`
(folders have size -1). Short lines:
they travel at line rate at every deploy.

The receiver takes a file as raw bytes on stdin, in windows acknowledged with \\x01 (the
raw-paste scheme, applied to binary data), so a transfer costs about one wire byte per payload
byte, or fewer when compressed. Ctrl-C stays armed: the host escapes Ctrl-A to Ctrl-D in the data
(see `escape`), so any tool's Ctrl-C stops a receiver that lost its host, and bytes still in
flight when a receiver stops land in the raw REPL's line as harmless text, which a Ctrl-C clears.
"""

from __future__ import annotations

WINDOW = 128  # wire bytes per acknowledgement; two windows fill the board's 256-byte receive buffer
ESC = 0x1B
MANIFEST = ".haas-manifest"
TEMP_SUFFIX = ".~tmp"
TEMP_SUFFIXES = (TEMP_SUFFIX, TEMP_SUFFIX + "z")
HAAS_APP_DIR = "/data/pyamp"
DIGEST_HEX = 32  # the survey reports 128 bits of each SHA-256: enough to tell a changed file

SURVEY = r"""def _i(*m):
 for n in m:
  try:return __import__(n)
  except ImportError:pass
O=_i('uos','os');S=_i('sys');P=print;Q='.~tmp'
H=_i('uhashlib','hashlib')
if H and not hasattr(H,'sha256'):H=None
B=_i('ubinascii','binascii')
def _z(p):
 try:return O.stat(p)[6] if hasattr(O,'stat') else O.size(p)
 except OSError:return -1
def _h(p):
 h=H.sha256();b=bytearray(512);m=memoryview(b);f=open(p,'rb')
 while 1:
  n=f.readinto(b)
  if not n:break
  h.update(m[:n])
 f.close();return ''.join('%02x'%c for c in h.digest()[:16])
def _c(a):
 c={'v':tuple(S.implementation.version),'h':'','free':-1,'z':''}
 try:c['u']=tuple(O.uname())
 except AttributeError:pass
 try:d=O.stat('/data/pyamp')[0]&0x4000
 except:d=0
 try:c['h']=str(O.version_info())
 except AttributeError:
  if d:
   try:import system;c['h']=str(system.version_info())
   except:pass
 for k,n in (('f','mkdir'),('rn','rename'),('st','stat'),('sz','size')):c[k]=hasattr(O,n)
 if a is None:a='/data/pyamp' if d or c['h'][:4]=='HaaS' else '/'
 if not c['f'] and a=='/':a=''
 c['a']=a;c['d']=bool(d);c['sha']=bool(H);c['b64']=hasattr(B,'a2b_base64')
 for z in ('uzlib','deflate'):
  if _i(z):c['z']=z;break
 c['in']=hasattr(S,'stdin') and hasattr(S.stdin,'buffer')
 for p in (a,'/'):
  try:v=O.statvfs(p or '/');c['free']=v[0]*v[3];c['bs']=v[0];break
  except:pass
 try:import gc;c['mem']=gc.mem_free()
 except:pass
 return c
def _t(q,r):
 for x in (Q,Q+'z'):
  s=_z(q+r+x)
  if s>=0:P(repr(('T',r+x,s)))
def _S(a,F,W):
 c=_c(a);a=c['a'];q=a.rstrip('/')+'/' if a else '';P(c)
 try:g=open(q+'.haas-manifest');M=[r for r in g.read().split('\n') if r and r[0]!='#'];g.close()
 except OSError:M=[]
 P('N',len(M));R=set(r for r,n in F);i=0
 for r,n in F:
  p=q+r;s=_z(p);P('F',i,s,_h(p) if H and s==n else '-');i+=1;_t(q,r)
 for r in M:
  if r not in R:P(repr(('M',r,_z(q+r))));_t(q,r)
 if W:_W(q)
"""

LISTER = r"""def _W(q):
 T=['']
 while T:
  x=T.pop();d=(q+x).rstrip('/') or '/'
  for e in (O.ilistdir(d) if hasattr(O,'ilistdir') else [(n,0) for n in O.listdir()]):
   k=e[1]&0x4000;P(repr(('A',x+e[0],-1 if k else _z(q+x+e[0]))))
   if k:T.append(x+e[0]+'/')
"""

FORGET_SURVEY = "try:\n del _S,_c,_t\nexcept NameError:pass\n"  # room for the writer on small boards

WRITER = r"""def _x(p):
 try:O.remove(p)
 except OSError:pass
def _f(t,p,x,n):
 s=_z(t)
 if n>=0 and s>=0 and s!=n or x and _h(t)!=x:
  _x(t);raise ValueError('checksum')
 if t!=p:
  try:O.rename(t,p)
  except OSError:_x(p);O.rename(t,p)
def _o(t):
 global _F
 _F=open(t,'wb')
def _w(d,n):
 if len(d)!=n:raise ValueError('lost')
 _F.write(d)
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

STREAMER = r"""def _r(f,n,w):
 b=S.stdin.buffer;o=S.stdout
 o.write('\x01')
 while n>0:
  d=b.read(min(n,w))
  if not d:raise OSError(5)
  if d[-1]==27 and n>len(d):d+=b.read(1)
  n-=len(d)
  if b'\x1b' in d:
   for c in b'\x01\x02\x03\x04\x1b':d=d.replace(bytes((27,c^32)),bytes((c,)))
  f.write(d);o.write('\x01')
def _D(s):
 try:
  import uzlib;return uzlib.DecompIO(s)
 except ImportError:
  import deflate;return deflate.DeflateIO(s,deflate.ZLIB)
def _p(p,n,c,e,x,w,a):
 t=p+Q if a else p;u=p+Q+'z';f=s=None
 try:
  if c:
   f=open(u,'wb');_r(f,e,w);f.close()
   s=open(u,'rb');f=open(t,'wb');d=_D(s);b=bytearray(512);m=memoryview(b)
   while 1:
    k=d.readinto(b)
    if not k:break
    f.write(m[:k])
   f.close();s.close();_x(u)
  else:
   f=open(t,'wb');_r(f,e,w);f.close()
  _f(t,p,x,n)
 except BaseException as e:
  for h in (f,s):
   try:h.close()
   except BaseException:pass
  _x(t);_x(u);raise e
def _k(e,x,w):
 I=_i('uio','io');q=I.BytesIO();_r(q,e,w);P(q.getvalue()==x)
"""

PROBE = bytes([0x00, 0x03, 0x04, 0x0D, 0x0A, 0x1B, 0x1C, 0x1D, 0x7F, 0x80, 0xFF, 0x03, 0x1B])
"""What the stdin probe sends: every byte a serial line or a REPL might treat specially."""


ESCAPED = (0x01, 0x02, 0x03, 0x04)  # Ctrl-A to Ctrl-D: what a raw REPL acts on


def escape(data: bytes) -> bytes:
    """The wire form of file bytes for the receiver: ESC and each of Ctrl-A to Ctrl-D become ESC
    followed by the byte XOR 0x20, so the data holds no byte a REPL acts on."""
    data = data.replace(bytes([ESC]), bytes([ESC, ESC ^ 0x20]))
    for byte in ESCAPED:
        data = data.replace(bytes([byte]), bytes([ESC, byte ^ 0x20]))
    return data
