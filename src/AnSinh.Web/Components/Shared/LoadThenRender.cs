using Microsoft.AspNetCore.Components;

namespace AnSinh.Web.Components.Shared;

/// <summary>
/// The base of every page and feature component. <see cref="ComponentBase"/> renders a component once at the first
/// await of <c>OnInitializedAsync</c> and of <c>OnParametersSetAsync</c>; under static server rendering that output is
/// thrown away, but the render still runs against half-loaded state — and on PostgreSQL, where queries really are
/// asynchronous, a form whose model is not yet set throws. This runs the same lifecycle and renders once, after it.
/// </summary>
public abstract class LoadThenRender : ComponentBase
{
    private bool _initialized;

    public override async Task SetParametersAsync(ParameterView parameters)
    {
        parameters.SetParameterProperties(this);
        if (!_initialized)
        {
            _initialized = true;
            OnInitialized();
            await OnInitializedAsync();
        }

        OnParametersSet();
        await OnParametersSetAsync();
        StateHasChanged();
    }
}
