"""Interrupts: interrupt_request on the control channel (the kernelspec's interrupt_mode) and
SIGINT each stop a long computation within 0.5 s, and the variables defined before it survive."""
import os
import signal
import time
import unittest

from jupyter_client.manager import start_new_kernel

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

SETUP = """
runs = load "Examples/data/chinchilla.csv"
runs.N = runs."Model Size"
runs.D = runs."Training FLOP" / (6 * runs.N)
fifth_highest = sort(runs.loss)[len(runs) - 4]
runs = runs where loss < fifth_highest
before = 7
"""

# Examples/chinchilla.scale's grid: 6·6·5·5·5 = 4,500 starts.
GRID = """
f = fit log(loss) ~ log(exp(a - alpha*log(N)) + exp(b - beta*log(D)) + exp(e)) on runs
    start a = 0..25 step 5, b = 0..25 step 5, e = -1..1 step 0.5, alpha = 0..2 step 0.5, beta = 0..2 step 0.5
    huber 1e-3
"""

SIMULATION = "s = simulate bestof 1..1024 times 2 with p ~ beta(0.3, 2), verifier = noisy(0.5), trials = 100000000, seed = 7"


class InterruptTests(unittest.TestCase):
    def setUp(self):
        self.km, self.kc = start_new_kernel(kernel_name="scale", cwd=ROOT, startup_timeout=60)

    def tearDown(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)

    def run_cell(self, code, timeout=60):
        reply = self.kc.execute_interactive(code, timeout=timeout, output_hook=lambda m: None)
        return reply["content"]

    def interrupt_during(self, code, interrupt):
        self.assertEqual(self.run_cell(SETUP)["status"], "ok")
        msg_id = self.kc.execute(code)
        # Wait until the cell is running, then give it a moment to get into the work: 0.2 s, well
        # inside the grid's half second on an idle machine (an "ok" below would mean it had finished).
        while True:
            m = self.kc.get_iopub_msg(timeout=30)
            if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "execute_input":
                break
        time.sleep(0.2)
        start = time.monotonic()
        interrupt()
        reply = self.kc.get_shell_msg(timeout=30)
        elapsed = time.monotonic() - start
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        # Still running when interrupted (an "ok" would mean the work was too short to test).
        self.assertEqual(reply["content"]["status"], "error", reply["content"])
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        print(f"\n  {code.split()[0]} … interrupted: control returned after {elapsed * 1000:.0f} ms", flush=True)
        self.assertLess(elapsed, 0.5)
        # The kernel keeps its variables and runs the next cell.
        outputs = []
        reply = self.kc.execute_interactive("print before, len(runs)", timeout=30,
                                            output_hook=lambda m: outputs.append(m))
        self.assertEqual(reply["content"]["status"], "ok")
        text = "".join(m["content"].get("text", "") for m in outputs if m["msg_type"] == "stream")
        self.assertEqual(text, "7 240\n")

    def test_interrupt_request_stops_the_chinchilla_grid(self):
        self.interrupt_during(GRID, self.km.interrupt_kernel)

    def test_sigint_stops_the_chinchilla_grid(self):
        self.interrupt_during(GRID, lambda: self.km.signal_kernel(signal.SIGINT))

    def test_interrupt_request_stops_a_long_simulation(self):
        self.interrupt_during(SIMULATION, self.km.interrupt_kernel)


if __name__ == "__main__":
    unittest.main()
