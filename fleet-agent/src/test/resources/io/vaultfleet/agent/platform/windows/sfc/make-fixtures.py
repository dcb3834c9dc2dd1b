"""Writes the sfc /verifyonly fixtures as sfc.exe writes them to a pipe: UTF-16LE, CR LF line ends, progress redrawn
with a bare CR. The texts are sfc.exe's English message-table strings as public transcripts show them (see README.md).
Run once by hand (python3 make-fixtures.py); the build only reads the .bin files."""

HEAD = "\r\nBeginning system scan.  This process will take some time.\r\n\r\nBeginning verification phase of system scan.\r\n"

def progress(upto):
    return "".join("\rVerification %d%% complete." % p for p in range(1, upto + 1)) + "\r\n\r\n"

def utf16(text, bom=False):
    return (b"\xff\xfe" if bom else b"") + text.encode("utf-16-le")

CLEAN = HEAD + progress(100) + "Windows Resource Protection did not find any integrity violations.\r\n"
VIOLATIONS = HEAD + progress(100) + (
    "Windows Resource Protection found integrity violations.\r\n"
    "For online repairs, details are included in the CBS log file located at\r\n"
    "windir\\Logs\\CBS\\CBS.log. For example C:\\Windows\\Logs\\CBS\\CBS.log. For offline\r\n"
    "repairs, details are included in the log file provided by the /OFFLOGFILE flag.\r\n")
COULD_NOT = HEAD + progress(38) + "Windows Resource Protection could not perform the requested operation.\r\n"
ANOTHER = "\r\nAnother servicing or repair operation is currently running.\r\nWait for this to finish and run sfc again.\r\n"
PENDING = "\r\nThere is a system repair pending which requires reboot to complete.\r\nRestart Windows and run sfc again.\r\n"
NOT_ADMIN = "\r\nYou must be an administrator running a console session in order to\r\nuse the sfc utility.\r\n"

files = {
    "verifyonly-clean.bin": utf16(CLEAN),                      # the usual case: no BOM
    "verifyonly-violations-bom.bin": utf16(VIOLATIONS, True),  # with a BOM
    # the odd mix: a single-byte CR LF (console host / cmd /c) ahead of the UTF-16LE text, another in the middle
    "verifyonly-clean-mixed.bin": b"\r\n" + utf16(HEAD) + b"\r\n" + utf16(progress(100) + "Windows Resource Protection did not find any integrity violations.\r\n"),
    "verifyonly-could-not-perform.bin": utf16(COULD_NOT),
    "verifyonly-another-operation.bin": utf16(ANOTHER),
    "verifyonly-repair-pending.bin": utf16(PENDING),
    "verifyonly-not-admin.bin": utf16(NOT_ADMIN),
}
for name, data in files.items():
    with open(name, "wb") as f:
        f.write(data)
