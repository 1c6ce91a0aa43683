"""A grouped bar chart of compare_models output, rendered by Altair with no CDN."""

from __future__ import annotations

import logging
from typing import Any

import altair as alt
import pandas as pd

logger = logging.getLogger(__name__)

# JupyterLab 4 and Notebook 7 draw Vega-Lite 5 specs with the Vega they bundle, but
# know no Vega-Lite 6 MIME type, and Altair 6's default renderer is HTML that loads
# Vega from a CDN. So the chart is handed over as a v5 MIME bundle: our marks and
# encodings (bars with xOffset) mean the same in both versions.
VEGALITE_MIME = "application/vnd.vegalite.v5+json"
VEGALITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
CHART_DECIMALS = 9


class OfflineChart(alt.Chart):
    """An Altair chart that displays through Jupyter's own Vega, never a CDN."""

    def _repr_mimebundle_(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        spec = self.to_dict()
        spec["$schema"] = VEGALITE_SCHEMA
        bundle: dict[str, Any] = {VEGALITE_MIME: spec, "text/plain": repr(self)}
        try:
            # A static picture for viewers without Vega (nbviewer, GitHub, nbconvert).
            import vl_convert

            bundle["image/svg+xml"] = vl_convert.vegalite_to_svg(self.to_dict())
        except ImportError:
            logger.debug("vl-convert not installed: no SVG fallback for the chart")
        return bundle


def attribution_chart(table: pd.DataFrame, *, title: str = "Attribution by model",
                      value: str = "credit") -> OfflineChart:
    """Grouped bars: one group of bars per channel (or other grouping), one per model.

    The data travel inside the Vega-Lite spec, and the chart displays as a Vega-Lite
    MIME bundle that JupyterLab and Notebook 7 draw with their own bundled Vega
    (plus an SVG picture when vl-convert is installed): nothing is fetched from a
    CDN, whichever Altair renderer is enabled.

    Args:
        table: :func:`crm_widgets.attribution.compare_models` output (index = group,
            one column per model).
        title: the chart title.
        value: axis label of the credit (``"revenue"`` for revenue reports).

    Returns:
        An Altair chart; display it, or ``.to_dict()`` for the spec.

    Example:
        >>> import pandas as pd
        >>> table = pd.DataFrame({"linear": [1.5, 0.5]},
        ...                      index=pd.Index(["EMAIL", "SOCIAL"], name="channel"))
        >>> attribution_chart(table).to_dict()["mark"]["type"]
        'bar'
    """
    group = table.index.name or "group"
    long = (table.rename_axis(group).reset_index()
            .melt(id_vars=group, var_name="model", value_name=value))
    long[group] = long[group].astype(str)
    # Markov credit comes from a matrix inverse whose last bits depend on the CPU's
    # BLAS kernels. Rounding far below what is drawn gives one spec on every machine.
    long[value] = long[value].round(CHART_DECIMALS)
    models = list(table.columns)
    groups = [str(g) for g in table.index]
    return (
        OfflineChart(long, title=title)
        .mark_bar()
        .encode(
            x=alt.X(f"{group}:N", sort=groups, title=group.replace("_", " ")),
            xOffset=alt.XOffset("model:N", sort=models),
            y=alt.Y(f"{value}:Q", title=value),
            color=alt.Color("model:N", sort=models, title="model"),
            tooltip=[alt.Tooltip(f"{group}:N"), alt.Tooltip("model:N"),
                     alt.Tooltip(f"{value}:Q", format=".3f")],
        )
    )
