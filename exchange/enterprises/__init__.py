"""One enterprise, many clusters: members of different clusters that share a credit code (issue 14, item 2).

The link is the credit code itself, nothing is copied. `selectors` reads an enterprise's clusters as a viewer may
see them; the member page's panel and the notes on credit codes when members are added come through
`clusters.members.registry`, which this package fills (`register()`), so clusters never imports exchange."""


def register():
    """From the exchange app's ready(): the member page's panel, the notes on credit codes and the export."""
    from clusters.members.registry import MemberSection, register_credit_code_notes, register_member_section

    from . import exports, selectors, views

    register_member_section(
        MemberSection(
            key="exchange.enterprise",
            template="exchange/enterprises/_member_panel.html",
            context=views.member_panel,
            order=10,
        )
    )
    register_credit_code_notes("exchange.enterprise", selectors.credit_code_notes)
    exports.register()
