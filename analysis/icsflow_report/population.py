"""Population, for runs of more than a year (/scenarios/<name>/population): the residents at the start of each year,
for all South East London and the ages 65+ and 85+, with the 95% interval over replications, and each year's births,
deaths and moves, for the whole population (simulated / scale). Newcomers are planned from the seed alone, the same
in every scenario, so an alternative is shown only where its table differs from the base's. Files written before
the table existed, and runs of a year or less, have no such section."""
from __future__ import annotations

from .by_year import DAYS_PER_YEAR, year_days, year_label
from .figures import LINESTYLES, OKABE_ITO, Figures
from .formatting import esc, fmt
from .page import Page
from .results_file import POPULATION_COLUMNS, Results, Scenario
from .scenario_sections import range_line
from .student_t import mean_interval

AGES = [("All South East London", 0), ("Aged 65 and over", 65), ("Aged 85 and over", 85)]
FLOWS = [("births", "births"), ("deaths", "deaths"), ("migration_in", "moved in"), ("migration_out", "moved out")]


def years_of(s: Scenario) -> list[int]:
    import numpy as np
    return [int(y) for y in np.unique(s.population["year"])]


def per_year(s: Scenario, column: str, min_age: int = 0):
    """[replication, year]: a column of /population summed over the boroughs and the age bands from min_age, for the
    whole population (simulated / scale)."""
    import numpy as np
    p = s.population
    _, rep = np.unique(p["replication"], return_inverse=True)
    years, year = np.unique(p["year"], return_inverse=True)
    keep = p["age_band"] >= min_age
    out = np.zeros((rep.max() + 1, len(years)))
    np.add.at(out, (rep[keep], year[keep]), p[column][keep])
    return out / s.scale


def same_population(a: Scenario, b: Scenario) -> bool:
    import numpy as np
    return a.scale == b.scale and all(np.array_equal(a.population[c], b.population[c]) for c in POPULATION_COLUMNS)


def population_figure(figures: Figures, r: Results, shown: list[Scenario]) -> str:
    plt = figures.plt
    order = list(r.scenarios)
    days = year_days(shown[0].years)
    fig, axes = plt.subplots(1, len(AGES), figsize=(12.5, 3.6))
    for ax, (title, min_age) in zip(axes, AGES):
        for s in shown:
            k = order.index(s.name)
            years = years_of(s)
            mean, low, high = mean_interval(per_year(s, "residents", min_age))
            colour = OKABE_ITO[k % len(OKABE_ITO)]
            ax.plot(years, mean, color=colour, linestyle=LINESTYLES[k % len(LINESTYLES)], marker="o", linewidth=1.4,
                    label=s.name)
            ax.fill_between(years, low, high, color=colour, alpha=0.18, linewidth=0)
        ax.set_xticks(years, [year_label(y, days).replace(" (", "\n(") for y in years])
        ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}"))
        ax.set_title(title, loc="left")
    axes[0].set_ylabel("residents at the start of the year")
    fig.tight_layout()
    fig.legend(*axes[0].get_legend_handles_labels(), frameon=False, loc="upper center", bbox_to_anchor=(0.5, 0.0),
               title="scenario (line: mean over replications; band: 95% interval)", ncol=min(4, len(shown)))
    return figures.encode(fig, "population")


def table_html(s: Scenario) -> str:
    """A row a year: residents at the start (all, 65+, 85+, with their 95% intervals), births, deaths, moves, net
    change and growth, each the mean over replications for the whole population."""
    days = year_days(s.years)
    residents = [mean_interval(per_year(s, "residents", min_age)) for _, min_age in AGES]
    flows = [per_year(s, column).mean(axis=0) for column, _ in FLOWS]
    births, deaths, moved_in, moved_out = flows
    net = births + moved_in - deaths - moved_out
    head = ('<tr><th>Year</th><th class="num">residents at the start</th><th class="num">of whom 65+</th>'
            '<th class="num">of whom 85+</th>' + "".join(f'<th class="num">{label}</th>' for _, label in FLOWS) +
            '<th class="num">net change</th><th class="num">growth</th></tr>')
    body = []
    for i, year in enumerate(years_of(s)):
        cells = [f'<td class="num">{fmt(mean[i])}{range_line(low[i], high[i], 0)}</td>'
                 for mean, low, high in residents]
        cells += [f'<td class="num">{fmt(flow[i])}</td>' for flow in flows]
        cells += [f'<td class="num">{fmt(net[i], signed=True)}</td>',
                  f'<td class="num">{fmt(100 * net[i] / residents[0][0][i], 2, signed=True)}%</td>']
        body.append(f"<tr><td>{esc(year_label(year, days))}</td>{''.join(cells)}</tr>")
    return f"<table>{head}{''.join(body)}</table>"


def population_section(page: Page, r: Results):
    with_table = [s for s in r.scenarios.values() if s.population is not None]
    if not with_table or len(years_of(with_table[0])) < 2:
        return
    reference = with_table[0]  # the base, when there is one
    same = [s.name for s in with_table[1:] if same_population(s, reference)]
    shown = [s for s in with_table if s.name not in same]
    page.section("population", "Population year by year")
    part_year = year_days(reference.years)[-1] < DAYS_PER_YEAR
    page.add("<p>Births and moves happen at each year's end, as in ONS's cohort-component projections, so each year "
             "starts with the residents of the year before plus its births and moves in, less its deaths and moves "
             "out; capacities follow the projected population (docs/model.md, &ldquo;Population&rdquo;); and the "
             "last year's births and moves are counted but not simulated, since the run ends there"
             + (" (a shorter last year has none)" if part_year else "") + ".</p>")
    page.figure(population_figure(page.figures, r, shown),
                "Residents at the start of each year: all South East London, aged 65 and over, aged 85 and over",
                "Residents at the start of each year of the results period, for the whole population (simulated "
                "residents divided by the scale): all South East London, and the ages 65 and over and 85 and over, "
                "whose growth drives the demand for care. Line: mean over replications; band: its 95% interval "
                "(Student <i>t</i> over replications). Each panel has its own scale, not from zero.")
    if same:
        page.add(f"<p>{esc(', '.join(same))} simulated the same population as {esc(reference.name)} (newcomers are "
                 f"planned from the seed alone, the same in every scenario), so only {esc(reference.name)} is "
                 "shown.</p>")
    for s in shown[1:]:
        base, alt = per_year(reference, "residents").mean(axis=0), per_year(s, "residents").mean(axis=0)
        within = (f" Its residents are within {fmt(100 * (abs(alt - base) / base).max(), 2)}% of "
                  f"{esc(reference.name)}'s every year." if base.shape == alt.shape else "")
        page.add(f"<p>{esc(s.name)}'s population differs from {esc(reference.name)}'s through its own outcomes (who "
                 "dies, and who is in social care and so does not move out); newcomers are the same in every "
                 f"scenario.{within}</p>")
    for s in shown:
        page.add(f"<h3>{esc(s.name)}, each year</h3>")
        page.add(table_html(s))
    replications = sorted({len(per_year(s, "residents")) for s in shown})
    page.add('<p class="note">Whole population (simulated divided by the scale), the mean over '
             f"{' or '.join(str(n) for n in replications)} replication(s); under the residents, the 95% interval over "
             "replications. Net change is births plus moves in less deaths and moves out; growth is the net change "
             "over the residents at the start. From /scenarios/&lt;name&gt;/population (docs/results-schema.md).</p>")
