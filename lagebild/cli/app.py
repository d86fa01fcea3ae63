import typer

app = typer.Typer(
    name="lagebild",
    help="Turn a stream of German news reports into a sourced, reviewable picture of a story.",
    no_args_is_help=True,
    add_completion=False,
)
