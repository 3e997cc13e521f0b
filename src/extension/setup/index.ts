/**
 * The setup room: which model provider, model and key Tutor uses — the provider the embedded
 * runtime calls (SettingsProvider), the first-run offer of a local provider, the Set up Tutor view
 * and the model picker.
 */
export { SettingsProvider } from './settingsProvider';
export { offerLocalProviderOnce } from './firstRun';
export { registerSetupView, watchNeedsSetup } from './setupView';
export { pickModel } from './modelPicker';
