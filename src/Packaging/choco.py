# SPDX-License-Identifier: GPL-3.0-or-later
"""src/Packaging/choco.py [--stand-in] AUSTIN_EXE OUTDIR: austin.<version>.nupkg for Chocolatey, from the win-x64
binary (build.ps1 publish on Windows: NativeAOT) and src/Packaging/choco/: the nuspec, the install scripts, the
binary with its SHA-256 and the license, in the Open Packaging layout NuGet reads ([Content_Types].xml, _rels/.rels, the core properties), zipped
with every time stamp at SOURCE_DATE_EPOCH so that the same inputs give the same bytes. Prints the .nupkg's path.
The version is AustinVersion.Number and the commit's date as a fourth part (0.7.0.20260101): NuGet versions cannot
hold a commit, and a SemVer pre-release tag would sort before 0.7.0.
--stand-in: AUSTIN_EXE is the self-contained single-file build that Linux makes (src/Packaging/win-standin.sh), not
the NativeAOT one; the description, the release notes and VERIFICATION.txt say so."""
import hashlib
import os
import re
import subprocess
import sys
import time
import zipfile

here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.dirname(os.path.dirname(here))
args = sys.argv[1:]
stand_in = args[:1] == ["--stand-in"]
if stand_in:
    args = args[1:]
if len(args) != 2:
    sys.exit("usage: choco.py [--stand-in] AUSTIN_EXE OUTDIR")
exe, out = args
epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
number = re.search(r'const string Number = "([^"]*)"', open(os.path.join(repo, "src/AustinVersion.cs")).read()).group(1)
commit = subprocess.run(["git", "-C", repo, "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True).stdout.strip() or "unknown"
version = f"{number}.{time.strftime('%Y%m%d', time.gmtime(epoch))}"
stamp = time.gmtime(max(epoch, 315532800))[:6]  # zip cannot say a date before 1980

binary = open(exe, "rb").read()
if stand_in:
    build = (f"This austin.exe is the Linux-built stand-in: commit {commit} published self-contained for win-x64 (the .NET "
             "runtime and the IL in one compressed file), not NativeAOT, because NativeAOT cannot target Windows from Linux.")
    notes = ("Linux-built stand-in (./build.sh package): a self-contained .NET single-file austin.exe, not the NativeAOT "
             "binary; same code and options, larger and slower to start. build.ps1 package on Windows makes the NativeAOT package.")
    verification = (f"austin.exe is the Linux-built stand-in of commit {commit}: src/Packaging/win-standin.sh (dotnet publish\n"
                    "-r win-x64 --self-contained, single file, trimmed, compressed; not NativeAOT, which cannot target Windows\n"
                    "from Linux). Its SHA-256 is in austin.exe.sha256, which the install script checks. Rebuild it from that\n"
                    "commit with ./build.sh package on Linux to compare.\n")
else:
    build = f"NativeAOT build of commit {commit}."
    notes = f"NativeAOT austin.exe of commit {commit} (build.ps1 package on Windows)."
    verification = (f"austin.exe is build.ps1's win-x64 NativeAOT publish of commit {commit}; its SHA-256 is in austin.exe.sha256,\n"
                    "which the install script checks. Rebuild it from that commit with build.ps1 package to compare.\n")
nuspec = (open(os.path.join(here, "choco/austin.nuspec")).read().replace("@VERSION@", version).replace("@COMMIT@", commit)
          .replace("@BUILD@", build).replace("@RELEASE_NOTES@", notes))
tools = os.path.join(here, "choco/tools")
parts = [
    ("[Content_Types].xml",
     '<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" />'
     '<Default Extension="psmdcp" ContentType="application/vnd.openxmlformats-package.core-properties+xml" />'
     '<Default Extension="nuspec" ContentType="application/octet" /><Default Extension="ps1" ContentType="application/octet" />'
     '<Default Extension="exe" ContentType="application/octet" /><Default Extension="sha256" ContentType="application/octet" />'
     '<Default Extension="txt" ContentType="application/octet" /></Types>'),
    ("_rels/.rels",
     '<?xml version="1.0" encoding="utf-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
     '<Relationship Type="http://schemas.microsoft.com/packaging/2010/07/manifest" Target="/austin.nuspec" Id="R0" />'
     '<Relationship Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
     'Target="/package/services/metadata/core-properties/austin.psmdcp" Id="R1" /></Relationships>'),
    ("package/services/metadata/core-properties/austin.psmdcp",
     '<?xml version="1.0" encoding="utf-8"?><coreProperties xmlns:dc="http://purl.org/dc/elements/1.1/" '
     'xmlns:dcterms="http://purl.org/dc/terms/" xmlns="http://schemas.openxmlformats.org/package/2006/metadata/core-properties">'
     f'<dc:creator>austin maintainers</dc:creator><dc:identifier>austin</dc:identifier><version>{version}</version>'
     '<keywords>python profiler sampling flamegraph austin</keywords></coreProperties>'),
    ("austin.nuspec", nuspec),
    ("tools/chocolateyinstall.ps1", open(os.path.join(tools, "chocolateyinstall.ps1")).read()),
    ("tools/chocolateyuninstall.ps1", open(os.path.join(tools, "chocolateyuninstall.ps1")).read()),
    ("tools/austin.exe", binary),
    ("tools/austin.exe.sha256", hashlib.sha256(binary).hexdigest() + "\n"),
    ("tools/LICENSE.txt", open(os.path.join(repo, "LICENSE")).read()),
    ("tools/VERIFICATION.txt", verification),
]
os.makedirs(out, exist_ok=True)
path = os.path.join(out, f"austin.{version}.nupkg")
with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as nupkg:
    for name, data in parts:
        info = zipfile.ZipInfo(name, stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        nupkg.writestr(info, data)
print(path)
