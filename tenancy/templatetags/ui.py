from django import forms, template

register = template.Library()


@register.filter
def bootstrap(field):
    """Render a form field's widget with Bootstrap's classes (and is-invalid when it has errors)."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    attrs = {"class": css}
    if isinstance(widget, forms.SelectMultiple):
        attrs["size"] = 10
    return field.as_widget(attrs=attrs)


@register.filter
def choice_label(instance, field_name):
    """`{{ member|choice_label:"kind" }}`: what `member.get_kind_display` shows, from a dict kept per field and
    language (tenancy.choices) instead of one built on every call."""
    from tenancy.choices import choice_label as label

    return label(instance, field_name)


@register.filter
def is_checkbox(field):
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def plain_number(value):
    """A decimal as written, without trailing zeros or an exponent (tenancy.numbers.plain)."""
    from tenancy.numbers import plain

    return plain(value)


@register.filter
def field_error_rows(form):
    """Every field error of a bound form, in the fields' order, as rows for the error summary at the top of the
    form: the anchor of the field's input, its label and one message (a field with two errors gives two rows)."""
    rows = []
    if not getattr(form, "is_bound", False) or not form.errors:
        return rows
    for field in form:
        for error in field.errors:
            anchor = field.id_for_label or field.auto_id or field.html_name
            rows.append({"anchor": anchor, "label": field.label or field.name, "error": error})
    return rows


@register.filter
def uses_pickers(form):
    """Whether a field of the form has a picker widget (tenancy.widgets), so the page loads static/js/pickers.js."""
    fields = getattr(form, "fields", {})
    return any(hasattr(field.widget, "picker") for field in fields.values())


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist  # searched for blocks, so a `{% block %}` inside is still overridable
        self.name = name

    def render(self, context):
        context[self.name] = self.nodelist.render(context).strip()
        return ""


@register.tag
def capture(parser, token):
    """`{% capture as name %}…{% endcapture %}`: renders its content into a context variable instead of the page,
    so base.html renders the page's title block once and shows it in the <title> and the breadcrumbs."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])
