"""_statistics: the inverse normal CDF in each of its three branches, and
through statistics.NormalDist."""

import bench_common

SETUP = """
from _statistics import _normal_dist_inv_cdf
from statistics import NormalDist
"""

benchmarks = [
    ("_normal_dist_inv_cdf central", "_normal_dist_inv_cdf(0.3, 0.0, 1.0)", ""),
    ("_normal_dist_inv_cdf intermediate", "_normal_dist_inv_cdf(0.01, 0.0, 1.0)", ""),
    ("_normal_dist_inv_cdf tail", "_normal_dist_inv_cdf(1e-20, 0.0, 1.0)", ""),
    ("_normal_dist_inv_cdf int arguments", "_normal_dist_inv_cdf(0.3, 100, 15)", ""),
    ("NormalDist().inv_cdf", "nd.inv_cdf(0.975)", "nd = NormalDist(100, 15)"),
    ("1000 quantiles", "for p in ps: _normal_dist_inv_cdf(p, 0.0, 1.0)", "ps = [i / 1001 for i in range(1, 1001)]"),
]

if __name__ == "__main__":
    bench_common.run(benchmarks, SETUP)
