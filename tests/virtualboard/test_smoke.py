"""The board boots to a prompt and runs code in the raw REPL."""


def test_raw_repl_runs_code(board):
    board.raw()
    out, err = board.exec_raw("print(6 * 7)")
    assert (out, err) == (b"42\r\n", b"")
