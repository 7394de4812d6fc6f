"""The VM's life on the board: Ctrl-C as a UART interrupt, crashes and stuck programs reboot the
board with one line, and the board keeps answering afterwards."""

from __future__ import annotations

import pytest

from ide.virtualboard.board import VirtualBoard
from tests.boardio import BoardIO

KEYBOARD_INTERRUPT = b'Traceback (most recent call last):\r\n  File "<stdin>", line 1, in <module>\r\nKeyboardInterrupt: \r\n>>> '


@pytest.mark.parametrize("loop", ["while True: pass", "n = 0\nwhile True: n += 1",
                                  "import time\nwhile True: time.sleep_ms(1)"])
def test_ctrl_c_stops_code_that_never_calls_the_host(board, loop):
    board.raw()
    board.send(f"print('running')\n{loop}".encode() + b"\x04")
    board.expect(b"OKrunning\r\n")
    board.send(b"\x03")
    assert board.expect(b"\x04>") == b"\x04Traceback (most recent call last):\r\n  File \"<stdin>\", line " + \
        (b"2" if loop.count("\n") == 0 else b"3") + b", in <module>\r\nKeyboardInterrupt: \r\n\x04>"


def test_ctrl_c_reaches_input(board):
    board.send(b"input('name? ')\r")
    board.expect(b"name? ")
    board.send(b"\x03")
    assert board.expect(b">>> ").endswith(KEYBOARD_INTERRUPT)


def test_a_crashing_vm_reboots_the_board_with_one_line(board):
    board.send(b"import machine\r")
    board.expect(b">>> ")
    board.send(b"machine.mem32[0x7ffffff0] = 1\r")  # outside the VM's memory: a Wasm trap
    out = board.expect(b">>> ", 20)
    assert b"The virtual board was reset: MicroPython crashed (wasm trap: out of bounds memory access).\r\n" in out
    assert b"rst:0xc (SW_CPU_RESET)" in out
    board.send(b"print(6 * 7)\r")
    assert board.expect(b">>> ").endswith(b"42\r\n>>> ")


def test_a_program_stuck_in_c_code_is_reset_after_ctrl_c(board):
    board.send(b"print('go'); sum(range(2**30))\r")  # one C loop: no bytecode branch takes Ctrl-C
    board.expect(b"go\r\n")
    board.send(b"\x03")
    out = board.expect(b">>> ", 20)
    assert b"The virtual board was reset: the program did not yield to Ctrl-C.\r\n" in out
    board.send(b"print('alive')\r")
    assert board.expect(b">>> ").endswith(b"alive\r\n>>> ")


def test_kbd_intr_minus_one_lets_ctrl_c_through_as_data_until_the_next_command(board):
    board.raw()
    board.send(b"import micropython, sys\nmicropython.kbd_intr(-1)\nprint('ready')\nprint(sys.stdin.buffer.read(3))\x04")
    board.expect(b"OKready\r\n")  # as rshell does: send raw bytes once the board said so
    board.send(b"a\x03b")
    assert board.expect(b"\x04>") == b"b'a\\x03b'\r\n\x04\x04>"
    board.send(b"import time\nwhile True: time.sleep_ms(1)\x04")  # kbd_intr(-1) did not last
    board.expect(b"OK")
    board.send(b"\x03")
    assert board.expect(b"\x04>").endswith(b"KeyboardInterrupt: \r\n\x04>")


def test_a_late_ctrl_c_after_the_code_ended_is_dropped(board):
    board.raw()
    out, err = board.exec_raw("x = 1")
    board.send(b"\x03")  # arrives with nothing running: the raw REPL just clears its buffer
    assert board.exec_raw("print(x + 1)") == (b"2\r\n", b"")


def test_soft_reset_gives_a_fresh_vm_quickly(tmp_path):
    vb = VirtualBoard(fs_root=tmp_path)
    io = BoardIO(vb)
    vb.start()
    try:
        io.wait_idle_prompt()
        io.send(b"marker = 1\r")
        io.expect(b">>> ")
        io.send(b"\x04")
        io.expect(b"MPY: soft reboot")
        io.expect(b">>> ")
        io.send(b"marker\r")
        assert b"NameError: name 'marker' isn't defined" in io.expect(b">>> ")
    finally:
        vb.close()


def test_an_earlier_ctrl_c_does_not_reset_a_program_for_a_ctrl_c_it_is_still_taking(board):
    board.send(b"print('go'); sum(range(2**30))\r")
    board.expect(b"go\r\n")
    board.send(b"\x03")
    vm = board.board.vm
    board.board.uart.wait(lambda: vm.state.interrupt_pending(), 5)
    vm._check_stuck()  # as a timer of a Ctrl-C sent ~2 s earlier would: this one has waited no time
    assert vm.alive and b"did not yield" not in board.pending()
    assert b"The virtual board was reset: the program did not yield to Ctrl-C." in board.expect(b">>> ", 20)


def test_tools_reach_the_firmwares_help_through_the_builtins_module(board):
    board.raw()
    out, err = board.exec_raw("import builtins\nbuiltins.help('modules')")
    assert err == b"" and b"aliyunIoT" in out and b"driver" in out
