# Type stubs of the tq package (docs/python.md).
from typing import Optional, Union

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
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

def quantize(array: npt.NDArray[np.floating] | npt.NDArray[np.uint16],
             quantizer: Union[str, Quantizer], *, seed: int = 0,
             axis: Optional[int] = None,
             bfloat16: bool = False) -> npt.NDArray:
    """Quantizes a NumPy array: a new array of the same dtype and shape."""
