/**
 * Published reference architectures, typed in as facts with their sources, for the Frontier view to
 * plot beside our own results. The shipped extension never reads ../shared/nasdata; a unit test checks
 * these numbers against those CSVs. Accuracies are the authors' reported ImageNet top-1 (%).
 */

export type ReferenceFamily = 'pnag' | 'ofa' | 'mobilenetv3';

export interface PublishedArch {
  readonly name: string;
  readonly family: ReferenceFamily;
  /** Where the numbers come from, for tooltips and exports. */
  readonly source: string;
  /** PNAG string `d1,..,d5:k1,..,k20:e1,..,e20`; absent when the network is not in OFA's space. */
  readonly pnag?: string;
  readonly width: 1.0 | 1.2;
  readonly resolution: number;
  /** Reported top-1 (%), after the authors' own training or fine-tuning. */
  readonly reportedTop1: number;
  /** Reported multiply-adds (M), in the authors' own count. */
  readonly reportedMaddsM?: number;
  /** Reported latency (ms) on `latencyDevice`. */
  readonly reportedLatencyMs?: number;
  readonly latencyDevice?: string;
  /** The latency budget the authors searched for (ms), when named. */
  readonly budgetMs?: number;
}

export const PNAG_SOURCE = 'Guo et al., CVPR 2023: guoyongcs/PNAG README (latency, MAdds, top-1 after training) and core/pnag.py (architectures)';
export const OFA_SOURCE = 'Cai et al., ICLR 2020: mit-han-lab/once-for-all README (top-1 after fine-tuning, MACs); configs from han-cai/files ofa/ofa_specialized';
export const MOBILENETV3_SOURCE = 'Howard et al., ICCV 2019 (Searching for MobileNetV3), Table 3';

function pnagArch(name: string, device: string, budgetMs: number, latencyMs: number, maddsM: number, top1: number, pnag: string): PublishedArch {
  return {
    name,
    family: 'pnag',
    source: PNAG_SOURCE,
    pnag,
    width: 1.2,
    resolution: 224,
    reportedTop1: top1,
    reportedMaddsM: maddsM,
    reportedLatencyMs: latencyMs,
    latencyDevice: device,
    budgetMs,
  };
}

function ofaNet(name: string, width: 1.0 | 1.2, resolution: number, top1: number, macsM: number, pnag: string): PublishedArch {
  return { name, family: 'ofa', source: OFA_SOURCE, pnag, width, resolution, reportedTop1: top1, reportedMaddsM: macsM };
}

/** PNAG's 15 released architectures (width 1.2, resolution 224), three devices with five budgets each. */
export const PNAG_PUBLISHED: readonly PublishedArch[] = [
  pnagArch('pnag-cpu-30', 'Intel Core i5-7400', 30, 29.7, 335, 78.3, '2,2,3,3,3:5,5,0,0,5,5,0,0,7,5,7,0,3,5,5,0,7,5,5,0:3,3,0,0,4,3,0,0,4,3,3,0,6,4,4,0,6,6,6,0'),
  pnagArch('pnag-cpu-35', 'Intel Core i5-7400', 35, 34.5, 431, 79.4, '2,3,3,3,3:5,3,0,0,5,5,7,0,5,7,7,0,5,5,7,0,7,5,7,0:3,4,0,0,4,6,3,0,6,4,6,0,6,6,6,0,6,6,6,0'),
  pnagArch('pnag-cpu-40', 'Intel Core i5-7400', 40, 39.6, 502, 79.8, '2,3,4,4,4:5,3,0,0,7,5,7,0,5,5,3,3,5,7,7,7,3,3,3,7:4,4,0,0,4,4,4,0,4,6,6,4,6,4,6,6,6,6,6,4'),
  pnagArch('pnag-cpu-45', 'Intel Core i5-7400', 45, 44.7, 620, 80.2, '2,3,4,4,4:7,5,0,0,7,7,7,0,7,5,3,7,7,7,7,7,7,3,3,7:4,6,0,0,6,6,6,0,6,6,6,6,6,6,6,6,6,6,6,6'),
  pnagArch('pnag-cpu-50', 'Intel Core i5-7400', 50, 48.9, 682, 80.5, '3,4,4,4,4:5,3,7,0,5,7,7,7,7,7,3,7,7,7,7,7,5,7,3,7:4,4,6,0,6,6,6,6,6,6,4,6,6,6,6,6,6,6,6,6'),
  pnagArch('pnag-gpu-90', 'NVIDIA TITAN X', 90, 86.9, 310, 78.3, '2,2,3,3,4:3,3,0,0,5,3,0,0,5,5,3,0,3,7,3,0,5,3,3,7:3,3,0,0,3,4,0,0,3,3,3,0,4,3,4,0,6,6,6,3'),
  pnagArch('pnag-gpu-115', 'NVIDIA TITAN X', 115, 111.2, 411, 79.3, '2,3,3,4,4:3,3,0,0,5,3,3,0,5,5,3,0,3,5,5,5,7,7,7,5:3,3,0,0,4,4,4,0,4,3,4,0,6,4,6,4,6,6,6,4'),
  pnagArch('pnag-gpu-140', 'NVIDIA TITAN X', 140, 138.9, 510, 79.7, '2,3,4,4,4:3,3,0,0,7,5,5,0,5,7,5,5,3,5,5,5,7,7,5,5:4,3,0,0,6,4,4,0,4,4,6,6,6,6,6,6,6,6,6,4'),
  pnagArch('pnag-gpu-165', 'NVIDIA TITAN X', 165, 162.7, 582, 80.3, '2,4,4,4,4:3,3,0,0,7,5,5,5,7,5,7,5,7,7,7,5,7,7,7,5:3,4,0,0,6,6,6,6,6,6,4,6,6,6,6,6,6,6,6,6'),
  pnagArch('pnag-gpu-190', 'NVIDIA TITAN X', 190, 185.5, 640, 80.4, '3,4,4,4,4:3,3,5,0,7,3,5,7,7,7,5,3,7,5,7,5,7,3,7,3:4,4,6,0,6,4,6,6,6,6,6,6,6,6,6,6,6,6,6,6'),
  pnagArch('pnag-mobile-80', 'Qualcomm Snapdragon 821', 80, 79.9, 349, 78.3, '2,3,3,3,3:3,3,0,0,3,5,3,0,3,3,5,0,3,3,5,0,5,5,7,0:3,3,0,0,4,3,3,0,4,4,4,0,4,6,6,0,6,6,3,0'),
  pnagArch('pnag-mobile-110', 'Qualcomm Snapdragon 821', 110, 106.8, 451, 79.4, '2,3,3,4,4:5,3,0,0,5,3,3,0,3,5,5,0,5,5,5,3,7,5,7,5:3,4,0,0,3,4,4,0,3,3,6,0,4,6,6,6,6,6,6,6'),
  pnagArch('pnag-mobile-140', 'Qualcomm Snapdragon 821', 140, 127.8, 492, 79.8, '2,4,4,4,4:5,3,0,0,5,5,5,3,5,5,5,5,3,5,5,5,7,5,5,5:4,3,0,0,4,4,4,6,6,3,6,3,6,6,4,6,6,6,6,3'),
  pnagArch('pnag-mobile-170', 'Qualcomm Snapdragon 821', 170, 167.1, 606, 80.3, '3,4,4,4,4:5,3,7,0,5,5,5,5,5,5,5,5,3,5,5,3,7,5,5,5:4,4,6,0,4,4,6,6,6,4,6,6,6,6,4,6,6,6,6,6'),
  pnagArch('pnag-mobile-200', 'Qualcomm Snapdragon 821', 200, 193.9, 724, 80.5, '4,4,4,4,4:5,5,5,5,5,7,3,5,7,5,5,3,3,5,5,3,5,3,3,5:6,6,6,6,4,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6'),
];

/** OFA's specialised MobileNetV3 subnets; the name carries the device, latency and top-1 OFA reports. */
export const OFA_SPECIALIZED: readonly PublishedArch[] = [
  ofaNet('LG-G8_lat@11ms_top1@73.0_finetune@25', 1.0, 156, 73.0, 103.0, '2,3,2,3,3:3,3,0,0,5,3,7,0,5,3,0,0,5,3,5,0,5,7,5,0:3,3,0,0,3,4,4,0,4,3,0,0,4,4,3,0,6,6,4,0'),
  ofaNet('LG-G8_lat@16ms_top1@74.7_finetune@25', 1.0, 176, 74.7, 151.0, '2,3,3,3,4:3,3,0,0,7,5,3,0,5,5,5,0,3,7,5,0,5,7,3,3:3,3,0,0,4,3,3,0,6,4,3,0,4,4,3,0,6,6,6,4'),
  ofaNet('LG-G8_lat@24ms_top1@76.4_finetune@25', 1.0, 220, 76.4, 230.0, '2,3,3,3,4:3,3,0,0,7,5,3,0,5,5,5,0,3,7,5,0,5,7,3,3:3,3,0,0,4,3,3,0,6,4,3,0,4,4,3,0,6,6,6,4'),
  ofaNet('LG-G8_lat@8ms_top1@71.1_finetune@25', 1.0, 144, 71.1, 74.0, '2,2,3,2,2:3,3,0,0,5,5,0,0,5,3,3,0,3,7,0,0,3,7,0,0:3,3,0,0,4,3,0,0,3,3,3,0,6,4,0,0,6,4,0,0'),
  ofaNet('flops@389M_top1@79.1_finetune@75', 1.2, 224, 79.1, 389.0, '2,3,3,4,4:3,3,0,0,5,5,3,0,5,5,3,0,5,5,3,3,3,3,7,3:3,3,0,0,3,6,3,0,4,4,3,0,6,4,4,4,6,6,6,3'),
  ofaNet('flops@482M_top1@79.6_finetune@75', 1.2, 224, 79.6, 482.0, '3,4,4,4,4:5,3,3,0,5,3,5,3,5,5,3,3,5,7,3,5,7,3,3,3:3,3,3,0,4,4,4,3,4,6,3,3,6,6,6,4,6,6,6,3'),
  ofaNet('flops@595M_top1@80.0_finetune@75', 1.2, 236, 80.0, 595.0, '3,4,4,4,4:3,5,3,0,5,5,3,5,7,5,3,5,3,5,7,3,3,3,5,3:3,4,3,0,4,4,6,3,6,6,3,4,6,6,6,4,6,6,6,3'),
  ofaNet('note10_lat@11ms_top1@73.6_finetune@25', 1.0, 176, 73.6, 110.0, '2,2,2,3,3:3,3,0,0,5,3,0,0,5,3,0,0,3,3,3,0,3,5,5,0:3,3,0,0,4,4,0,0,4,4,0,0,4,3,3,0,4,4,4,0'),
  ofaNet('note10_lat@16ms_top1@75.5_finetune@25', 1.0, 192, 75.5, 163.0, '2,4,3,3,4:3,3,0,0,5,5,3,3,5,5,3,0,5,5,3,0,3,7,5,3:3,3,0,0,3,4,4,3,4,4,3,0,4,4,3,0,6,4,4,3'),
  ofaNet('note10_lat@22ms_top1@76.6_finetune@25', 1.0, 224, 76.6, 237.0, '2,3,3,3,4:3,3,0,0,5,3,3,0,7,5,5,0,5,3,3,0,3,3,3,3:3,3,0,0,3,4,4,0,4,4,4,0,4,6,4,0,6,6,6,3'),
  ofaNet('note10_lat@30ms_top1@78.4_finetune@75', 1.2, 224, 78.4, 339.0, '2,3,3,3,4:3,3,0,0,5,3,3,0,5,5,3,0,3,3,3,0,3,3,3,3:3,3,0,0,4,3,4,0,4,4,3,0,6,4,4,0,6,6,4,3'),
  ofaNet('note10_lat@41ms_top1@79.3_finetune@75', 1.2, 220, 79.3, 457.0, '2,3,4,4,4:3,3,0,0,7,3,3,0,7,3,3,3,3,5,3,3,3,3,3,3:3,4,0,0,4,4,6,0,6,6,3,4,6,6,6,4,6,6,6,3'),
  ofaNet('note10_lat@50ms_top1@79.7_finetune@75', 1.2, 220, 79.7, 554.0, '3,4,4,4,3:5,3,3,0,5,3,3,5,7,7,3,5,7,5,3,3,3,3,3,0:3,6,6,0,4,6,6,3,6,6,4,4,6,6,6,6,6,6,6,0'),
  ofaNet('note10_lat@64ms_top1@80.2_finetune@75', 1.2, 260, 80.2, 743.0, '3,4,4,4,4:3,3,3,0,5,3,3,5,5,5,3,7,5,3,3,3,3,3,5,3:3,6,3,0,4,6,3,3,6,6,4,4,6,6,6,4,6,6,6,3'),
  ofaNet('note10_lat@8ms_top1@71.4_finetune@25', 1.0, 160, 71.4, 79.0, '2,2,3,2,2:3,3,0,0,3,3,0,0,3,3,3,0,3,3,0,0,3,5,0,0:3,3,0,0,3,4,0,0,4,3,3,0,3,4,0,0,4,4,0,0'),
  ofaNet('note8_lat@22ms_top1@70.4_finetune@25', 1.0, 140, 70.4, 67.0, '2,2,2,2,2:3,3,0,0,5,5,0,0,7,3,0,0,5,3,0,0,3,7,0,0:3,3,0,0,3,3,0,0,4,3,0,0,3,4,0,0,6,6,0,0'),
  ofaNet('note8_lat@31ms_top1@72.8_finetune@25', 1.0, 152, 72.8, 101.0, '2,2,3,3,4:5,3,0,0,5,5,0,0,3,3,5,0,3,5,7,0,3,3,5,5:3,3,0,0,4,3,0,0,4,4,4,0,4,3,4,0,6,3,3,3'),
  ofaNet('note8_lat@49ms_top1@74.9_finetune@25', 1.0, 176, 74.9, 164.0, '2,3,3,3,4:5,3,0,0,5,3,7,0,7,7,3,0,3,3,3,0,3,5,3,5:3,4,0,0,4,4,4,0,4,3,4,0,4,6,4,0,6,6,6,4'),
  ofaNet('note8_lat@65ms_top1@76.1_finetune@25', 1.0, 204, 76.1, 220.0, '2,3,3,3,4:7,3,0,0,3,5,3,0,7,3,3,0,5,3,3,0,5,5,5,3:3,3,0,0,4,4,3,0,6,6,4,0,6,6,4,0,6,4,4,3'),
  ofaNet('pixel1_lat@132ms_top1@79.8_finetune@75', 1.2, 228, 79.8, 593.0, '2,4,4,4,4:5,3,0,0,5,5,3,5,7,5,3,5,5,5,5,5,3,3,5,3:3,6,0,0,4,6,6,3,6,6,6,4,6,6,6,4,6,6,6,3'),
  ofaNet('pixel1_lat@143ms_top1@80.1_finetune@75', 1.2, 240, 80.1, 642.0, '3,4,4,4,4:5,3,3,0,5,5,3,5,7,5,3,3,5,3,5,3,3,3,5,3:3,6,3,0,6,6,6,3,6,6,6,4,6,6,6,4,6,6,6,3'),
  ofaNet('pixel1_lat@20ms_top1@71.4_finetune@25', 1.0, 152, 71.4, 77.0, '2,2,2,2,2:3,3,0,0,5,5,0,0,7,3,0,0,5,3,0,0,3,7,0,0:3,3,0,0,3,3,0,0,4,3,0,0,3,4,0,0,6,6,0,0'),
  ofaNet('pixel1_lat@28ms_top1@73.3_finetune@25', 1.0, 160, 73.3, 109.0, '2,3,2,2,4:3,3,0,0,7,3,3,0,7,3,0,0,3,5,0,0,3,3,3,3:3,4,0,0,3,6,4,0,3,6,0,0,6,4,0,0,6,4,3,6'),
  ofaNet('pixel1_lat@40ms_top1@74.9_finetune@25', 1.0, 172, 74.9, 162.0, '2,3,3,3,4:5,3,0,0,5,3,7,0,7,7,3,0,3,3,3,0,3,5,3,5:3,4,0,0,4,4,4,0,4,3,4,0,4,6,4,0,6,6,6,4'),
  ofaNet('pixel1_lat@58ms_top1@76.9_finetune@75', 1.0, 220, 76.9, 230.0, '2,3,3,3,4:3,3,0,0,7,5,3,0,5,5,5,0,3,7,5,0,5,7,3,3:3,3,0,0,4,3,3,0,6,4,3,0,4,4,3,0,6,6,6,4'),
  ofaNet('pixel1_lat@79ms_top1@78.7_finetune@75', 1.2, 224, 78.7, 356.0, '2,2,3,4,4:3,3,0,0,5,3,0,0,7,5,3,0,5,3,3,3,3,3,3,3:3,3,0,0,3,4,0,0,4,4,3,0,6,4,4,3,6,6,6,3'),
  ofaNet('pixel2_lat@25ms_top1@71.5_finetune@25', 1.0, 144, 71.5, 79.0, '2,2,2,3,2:3,3,0,0,5,5,0,0,7,3,0,0,7,7,3,0,5,3,0,0:3,3,0,0,6,4,0,0,4,3,0,0,4,3,4,0,6,4,0,0'),
  ofaNet('pixel2_lat@35ms_top1@73.4_finetune@25', 1.0, 160, 73.4, 113.0, '2,3,2,4,4:3,3,0,0,3,3,3,0,7,7,0,0,5,3,3,7,7,7,7,5:3,3,0,0,3,4,6,0,4,4,0,0,4,3,3,3,4,6,3,3'),
  ofaNet('pixel2_lat@50ms_top1@74.7_finetune@25', 1.0, 208, 74.7, 166.0, '2,2,2,2,4:3,3,0,0,3,3,0,0,3,5,0,0,5,7,0,0,3,5,7,5:3,4,0,0,3,3,0,0,3,6,0,0,6,4,0,0,6,3,4,3'),
  ofaNet('pixel2_lat@62ms_top1@75.8_finetune@25', 1.0, 208, 75.8, 208.0, '2,3,3,3,4:3,3,0,0,7,5,3,0,5,5,5,0,3,7,5,0,5,7,3,3:3,3,0,0,4,3,3,0,6,4,3,0,4,4,3,0,6,6,6,4'),
  ofaNet('s7edge_lat@29ms_top1@70.5_finetune@25', 1.0, 144, 70.5, 66.0, '2,2,2,2,2:3,3,0,0,5,3,0,0,5,3,0,0,5,5,0,0,3,5,0,0:3,3,0,0,3,4,0,0,4,4,0,0,4,4,0,0,6,3,0,0'),
  ofaNet('s7edge_lat@41ms_top1@73.1_finetune@25', 1.0, 160, 73.1, 96.0, '2,2,2,3,4:3,3,0,0,5,3,0,0,7,5,0,0,3,3,3,0,3,5,3,3:3,3,0,0,3,4,0,0,4,4,0,0,4,4,3,0,6,4,3,3'),
  ofaNet('s7edge_lat@58ms_top1@74.7_finetune@25', 1.0, 192, 74.7, 145.0, '2,2,4,3,3:3,3,0,0,5,3,0,0,7,5,3,3,3,3,3,0,3,5,5,0:3,3,0,0,3,4,0,0,4,3,4,3,4,4,3,0,6,4,4,0'),
  ofaNet('s7edge_lat@88ms_top1@76.3_finetune@25', 1.0, 192, 76.3, 219.0, '2,3,3,4,4:5,3,0,0,5,3,3,0,7,5,5,0,5,5,3,5,3,7,3,3:3,4,0,0,6,6,4,0,4,6,3,0,6,6,4,4,6,6,6,4'),
];

/** MobileNetV3-Large 1.0: not in OFA's space (other expand ratios and widths), so placed from its reported numbers only. */
export const MOBILENETV3_LARGE: PublishedArch = {
  name: 'MobileNetV3-Large 1.0',
  family: 'mobilenetv3',
  source: MOBILENETV3_SOURCE,
  width: 1.0,
  resolution: 224,
  reportedTop1: 75.2,
  reportedMaddsM: 219,
  reportedLatencyMs: 51,
  latencyDevice: 'Pixel-1 single core TFLite',
};

export const PUBLISHED_ARCHS: readonly PublishedArch[] = [...PNAG_PUBLISHED, ...OFA_SPECIALIZED, MOBILENETV3_LARGE];
