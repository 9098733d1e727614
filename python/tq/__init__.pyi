# Type stubs of the tq package (docs/python.md).
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import numpy.typing as npt

class QuantizerError(ValueError):
    """An invalid quantizer string."""
    spec: str
    column: int  # 1-based column of the string the parser stopped at
    reason: str

class Quantizer:
    """A number format: a quantizer string parsed once."""
    def __init__(self, spec: str) -> None: ...
    @property
    def spec(self) -> str:
        """The canonical quantizer string."""
    @property
    def bits(self) -> float:
        """Storage bits per element."""
    @property
    def stochastic(self) -> bool:
        """True when the result depends on the seed."""
    @property
    def elementwise(self) -> bool:
        """True when each element is quantized alone."""
    @property
    def attribute(self) -> str:
        """The MLIR attribute, e.g. `#tq.fixed<...>`."""
    @property
    def format(self) -> str:
        """The format's name in the dialect: fixed, float, mx, ..."""
    @property
    def params(self) -> Dict[str, Any]:
        """The parameters written in the attribute (non-default ones)."""
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

def quantize(array: np.ndarray,
             quantizer: Union[str, Quantizer], *, seed: int = 0,
             axis: Optional[int] = None,
             bfloat16: bool = False, out: Optional[np.ndarray] = None,
             method: str = "auto",
             threads: Optional[int] = None) -> np.ndarray:
    """Quantizes a NumPy array: a new array of the same dtype and shape."""

import os

class ModelError(RuntimeError):
    """A model that cannot be read, quantized, compiled or run."""

MapLike = Union[str, Quantizer, Mapping[str, Union[str, Quantizer]]]

class CompiledModel:
    """A model lowered and JIT-compiled once; call it many times."""
    @property
    def compile_seconds(self) -> float: ...
    def run(self, inputs: Union[np.ndarray, Sequence[np.ndarray]]) -> List[np.ndarray]:
        """One array per result; a batch of k times an argument is k calls."""
    def __call__(self, inputs: Union[np.ndarray, Sequence[np.ndarray]]) -> List[np.ndarray]: ...

class Model:
    """A TOSA or linalg module, or an imported ONNX model."""
    report: Optional[Dict[str, Any]]
    @property
    def entry(self) -> str: ...
    def ops(self) -> List[Dict[str, Any]]:
        """The named ops: name, op and result types."""
    def names(self) -> List[str]:
        """The op names maps and sweeps match against."""
    def quantize(self, map: Union[None, str, os.PathLike, Mapping[str, MapLike]] = None, *,
                 activations: Optional[MapLike] = None,
                 weights: Optional[MapLike] = None,
                 intrinsic: Optional[MapLike] = None,
                 seed: Optional[int] = None, match: Optional[str] = None,
                 strict: bool = False,
                 fold_weights: bool = True) -> Tuple["Model", Optional[Dict[str, Any]]]:
        """A new model with quantizers inserted, and the insertion report."""
    def compile(self, threads: bool = False, gpu: bool = False) -> CompiledModel: ...
    def run(self, inputs: Union[np.ndarray, Sequence[np.ndarray]],
            threads: bool = False, gpu: bool = False) -> List[np.ndarray]: ...

def load(path: Union[str, os.PathLike], *, batch: Optional[int] = None,
         input_shapes: Optional[Sequence[Sequence[int]]] = None,
         entry: Optional[str] = None) -> Model:
    """Reads a .mlir (TOSA/linalg) or ONNX model."""

def sweep(model: Union[Model, str, os.PathLike],
          configs: Sequence[Union[str, Quantizer, Mapping[str, Any]]],
          inputs: Union[np.ndarray, Sequence[np.ndarray]],
          labels: Optional[np.ndarray] = None, *, threads: bool = False,
          as_frame: Optional[bool] = None) -> Any:
    """tq-sweep's numbers per configuration: rows (or a pandas DataFrame)."""

def train(model: Union[str, os.PathLike],
          train: Optional[Tuple[Union[np.ndarray, str], Union[np.ndarray, str]]] = None,
          test: Optional[Tuple[Union[np.ndarray, str], Union[np.ndarray, str]]] = None, *,
          fashion_mnist: Optional[Union[str, os.PathLike]] = None,
          map: Union[None, str, os.PathLike, Mapping[str, Any]] = None,
          **options: Any) -> List[Dict[str, Any]]:
    """Trains in emulated formats as tq-train does; one dict per epoch."""
