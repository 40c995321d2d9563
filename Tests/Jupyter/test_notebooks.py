"""nbclient runs every Examples/*.ipynb through the installed kernel: each code cell's outputs and
execution count equal what `scale notebook run` wrote into the file. The notebook is also valid
against nbformat's schema and is byte for byte the file nbformat itself would write."""
import copy
import glob
import os
import unittest

import nbformat
from nbclient import NotebookClient

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NOTEBOOKS = sorted(glob.glob(os.path.join(ROOT, "Examples", "*.ipynb")))


class NotebookTests(unittest.TestCase):
    def test_there_are_notebooks(self):
        self.assertGreaterEqual(len(NOTEBOOKS), 4)

    def test_each_notebook_through_nbclient(self):
        for path in NOTEBOOKS:
            with self.subTest(notebook=os.path.basename(path)):
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                saved = nbformat.reads(text, as_version=4)
                nbformat.validate(saved)
                self.assertEqual(nbformat.writes(saved) + "\n", text, "not the bytes nbformat writes")
                run = copy.deepcopy(saved)
                for cell in run.cells:
                    if cell.cell_type == "code":
                        cell.outputs = []
                        cell.execution_count = None
                # Data paths in the examples are relative to the notebook, where Jupyter starts kernels.
                NotebookClient(run, kernel_name="scale", timeout=900,
                               resources={"metadata": {"path": os.path.dirname(path)}}).execute()
                for i, (a, b) in enumerate(zip(saved.cells, run.cells)):
                    if a.cell_type != "code":
                        continue
                    self.assertEqual(b.execution_count, a.execution_count, f"cell {i + 1}")
                    self.assertEqual(b.outputs, a.outputs, f"cell {i + 1} outputs differ")
                print(f"\n  {os.path.basename(path)}: {sum(c.cell_type == 'code' for c in run.cells)} cells match", flush=True)


if __name__ == "__main__":
    unittest.main()
