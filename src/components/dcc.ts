/**
 * @module
 * The `dcc` namespace: the factory of each core component, one line per component. Each factory
 * carries its definition, so this namespace is also the server's list of built-in components.
 */
import { Checklist } from "./checklist/checklist.js";
import { Clipboard } from "./clipboard/clipboard.js";
import { ConfirmDialog } from "./confirm-dialog/confirm-dialog.js";
import { DatePickerRange } from "./date-picker-range/date-picker-range.js";
import { DatePickerSingle } from "./date-picker-single/date-picker-single.js";
import { Download } from "./download/download.js";
import { Dropdown } from "./dropdown/dropdown.js";
import { Graph } from "./graph/graph.js";
import { Input } from "./input/input.js";
import { Interval } from "./interval/interval.js";
import { Link } from "./link/link.js";
import { Loading } from "./loading/loading.js";
import { Location } from "./location/location.js";
import { Markdown } from "./markdown/markdown.js";
import { Audio, Iframe, Video } from "./media/media.js";
import { Modal } from "./modal/modal.js";
import { RadioItems } from "./radio-items/radio-items.js";
import { RangeSlider } from "./range-slider/range-slider.js";
import { Rating } from "./rating/rating.js";
import { Slider } from "./slider/slider.js";
import { Store } from "./store/store.js";
import { Tab } from "./tab/tab.js";
import { Tabs } from "./tabs/tabs.js";
import { Textarea } from "./textarea/textarea.js";
import { ThemeSwitch } from "./theme-switch/theme-switch.js";
import { Alert, Badge, Button, Card, Grid, Navbar, Progress, Stack, Tooltip } from "./ui-blocks/ui-blocks.js";
import { Upload } from "./upload/upload.js";

/**
 * Factories for dashbase's core components.
 * @example
 * dcc.Dropdown({ id: "indicator", options: ["pop", "gdp"], value: "pop", persistence: "server" });
 */
export const dcc = Object.freeze({
  Input,
  Textarea,
  Dropdown,
  Checklist,
  RadioItems,
  Slider,
  RangeSlider,
  DatePickerSingle,
  DatePickerRange,
  Tabs,
  Tab,
  Store,
  Interval,
  Location,
  Link,
  Markdown,
  Graph,
  Loading,
  ConfirmDialog,
  Upload,
  Download,
  Clipboard,
  Rating,
  Button,
  Tooltip,
  Stack,
  Grid,
  Card,
  Navbar,
  Modal,
  Alert,
  Badge,
  Progress,
  ThemeSwitch,
  Iframe,
  Video,
  Audio,
});
