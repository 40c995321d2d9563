"""A message signed with the wrong key is dropped, never executed, and the kernel keeps serving."""
import os
import queue
import unittest

from jupyter_client.manager import start_new_kernel
from jupyter_client.session import Session

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class SignatureTests(unittest.TestCase):
    def setUp(self):
        self.km, self.kc = start_new_kernel(kernel_name="scale", cwd=ROOT, startup_timeout=60)

    def tearDown(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)

    def send_forged(self, code, key):
        forger = Session(key=key, username="forger")
        msg = forger.msg("execute_request", {"code": code, "silent": False, "store_history": True,
                                              "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        forger.send(self.kc.shell_channel.socket, msg)
        return msg["header"]["msg_id"]

    def test_wrong_key_is_not_executed(self):
        self.assertNotEqual(self.km.session.key, b"")
        for key in [b"wrong-key", self.km.session.key + b"x"]:
            forged_id = self.send_forged("forged = 1\nprint \"ran\"", key)
            # No reply and nothing published for it.
            with self.assertRaises(queue.Empty):
                while True:
                    m = self.kc.get_shell_msg(timeout=1.5)
                    self.assertNotEqual(m["parent_header"].get("msg_id"), forged_id)
            while True:
                try:
                    m = self.kc.get_iopub_msg(timeout=0.2)
                except queue.Empty:
                    break
                self.assertNotEqual(m["parent_header"].get("msg_id"), forged_id)
        # The kernel still serves, and the forged cell never ran.
        outputs = []
        reply = self.kc.execute_interactive("forged", timeout=30, output_hook=outputs.append)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("forged", reply["content"]["evalue"])
        reply = self.kc.execute_interactive("print 1 + 1", timeout=30, output_hook=outputs.append)
        self.assertEqual(reply["content"]["status"], "ok")

    def test_unsigned_message_is_not_executed(self):
        forged_id = self.send_forged("print \"ran\"", b"")
        with self.assertRaises(queue.Empty):
            while True:
                m = self.kc.get_shell_msg(timeout=1.5)
                self.assertNotEqual(m["parent_header"].get("msg_id"), forged_id)
        self.assertEqual(self.kc.execute_interactive("1", timeout=30)["content"]["status"], "ok")


if __name__ == "__main__":
    unittest.main()
