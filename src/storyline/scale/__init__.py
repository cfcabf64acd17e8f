"""Scale-out: the pipeline's analysis stage as Ray tasks over batches of articles.

Optional (``pip install 'storyline[scale]'``): nothing outside this package imports Ray, so the
core runs without it. ``storyline analyze --ray`` selects it; see ``ray_analyze``.
"""

from storyline.scale.ray_analyze import ray_analysis, ray_results

__all__ = ["ray_analysis", "ray_results"]
