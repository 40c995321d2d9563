"""Jupyter's own conformance tests (jupyter_kernel_test) against the installed ScaleLab kernel.

Run from the repository root (completion of file names reads the working directory)."""
import unittest

import jupyter_kernel_test


class ScaleKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "scale"
    language_name = "scale"
    file_extension = ".scale"

    code_hello_world = 'print "hello, world"'
    # The REPL's meta commands report unknown commands on stderr.
    code_stderr = ":nonsense"

    completion_samples = [
        {"text": "pri", "matches": {"print"}},
        {"text": "chinch", "matches": {"chinchilla"}},
        {"text": 'runs = load "Examples/data/chinchilla.c', "matches": {"chinchilla.csv\""}},  # a whole file name comes with its closing quote
    ]
    complete_code_samples = ["1 + 2", "f(x) = x^2", "for i in [1, 2] { print i }", ":vars"]
    incomplete_code_samples = ["f(1,", "x = 1 +", "for i in [1, 2] {", "v = [1,\n2,"]
    invalid_code_samples = ["x = )", "1 + * 2", "for in"]

    code_inspect_sample = "chinchilla"
    code_generate_error = "undefined_name + 1"
    code_execute_result = [
        {"code": "6 * 70B * 1.4T", "result": "5.88e+23"},
        {"code": "1 + 2", "result": "3"},
        {"code": "chinchilla(70B, 1.4T)", "result": "1.93665"},
    ]
    code_display_data = [{"code": "plot [1, 2, 3] vs [1, 4, 9]", "mime": "image/svg+xml"}]
    code_history_pattern = "6 * 70B*"
    supported_history_operations = ("tail", "range", "search")

    def test_table_has_html(self):
        self.flush_channels()
        reply, outputs = self.execute_helper("table(N = [1, 2], loss = [3.5, 2.25])")
        self.assertEqual(reply["content"]["status"], "ok")
        results = [m for m in outputs if m["msg_type"] == "execute_result"]
        self.assertEqual(len(results), 1)
        data = results[0]["content"]["data"]
        self.assertIn("<td style=\"text-align:right\">2.25</td>", data["text/html"])
        self.assertIn("2.25", data["text/plain"])

    def test_error_has_caret_traceback(self):
        self.flush_channels()
        reply, outputs = self.execute_helper("x = 1\ny = x + nope")
        self.assertEqual(reply["content"]["status"], "error")
        tb = reply["content"]["traceback"]
        self.assertTrue(tb[0].startswith("In ["), tb)
        self.assertIn(":2:", tb[0])
        self.assertTrue(any(line.strip().startswith("^") for line in tb), tb)

    def test_state_and_meta_commands(self):
        self.flush_channels()
        self.execute_helper("kept = 42")
        reply, outputs = self.execute_helper(":vars")
        text = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream")
        self.assertIn("kept: number", text)


if __name__ == "__main__":
    unittest.main()
