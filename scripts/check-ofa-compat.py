#!/usr/bin/env python3
"""Checks, by hand, that mit-han-lab/once-for-all's own code accepts what PNAG writes, and PNAG what OFA prints.

Needs PyTorch (and torchvision, which OFA imports) and a checkout of once-for-all (or `pip install ofa`):

    python3 scripts/check-ofa-compat.py --ofa /path/to/once-for-all [--n 50] [--seed 1]

No weights are needed: the supernet is built with random initialisation. See docs/ofa-compatibility.md.
"""
import argparse
import ast
import copy
import json
import os
import random
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def pnag_helper(args, stdin=None):
    """Runs scripts/ofa-compat-cases.ts (TypeScript through tsx) and returns its JSON answer."""
    out = subprocess.run(
        ['node', '--import', 'tsx', os.path.join(ROOT, 'scripts', 'ofa-compat-cases.ts')] + args,
        cwd=ROOT, input=stdin, capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout)


def config_diff(ours, theirs, path='config'):
    """Field-by-field differences between two configs, as readable lines."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        lines = []
        for key in sorted(set(ours) | set(theirs)):
            if key not in theirs:
                lines.append(f'{path}.{key}: only in PNAG')
            elif key not in ours:
                lines.append(f'{path}.{key}: only in OFA ({theirs[key]!r})')
            else:
                lines += config_diff(ours[key], theirs[key], f'{path}.{key}')
        return lines
    if isinstance(ours, list) and isinstance(theirs, list):
        if len(ours) != len(theirs):
            return [f'{path}: {len(ours)} items in PNAG, {len(theirs)} in OFA']
        return [line for i, (a, b) in enumerate(zip(ours, theirs)) for line in config_diff(a, b, f'{path}[{i}]')]
    # JSON has no tuples, and 1e-05 == 1e-05 whether it came from JSON or Python.
    if ours != theirs or type(ours) is bool and type(theirs) is not bool:
        return [f'{path}: PNAG {ours!r}, OFA {theirs!r}']
    return []


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--ofa', help='a once-for-all checkout (omit when ofa is pip-installed)')
    parser.add_argument('--n', type=int, default=50, help='random architectures per check (default 50)')
    parser.add_argument('--seed', type=int, default=1)
    args = parser.parse_args()
    if args.ofa:
        sys.path.insert(0, os.path.abspath(args.ofa))

    import torch
    try:
        import gdown  # noqa: F401
    except ImportError:
        # OFA's model_zoo imports gdown only to download pretrained weights, which this check never uses.
        import types
        sys.modules['gdown'] = types.ModuleType('gdown')
    from ofa.imagenet_classification.elastic_nn.networks import OFAMobileNetV3
    from ofa.imagenet_classification.networks import MobileNetV3
    from ofa.nas.efficiency_predictor import Mbv3FLOPsModel
    from ofa.tutorial.accuracy_predictor import AccuracyPredictor
    from ofa.utils.pytorch_utils import count_net_flops

    torch.manual_seed(args.seed)
    random.seed(args.seed)
    print(f'torch {torch.__version__}; once-for-all from {os.path.dirname(os.path.dirname(sys.modules["ofa"].__file__))}')
    supernets = {
        w: OFAMobileNetV3(width_mult=w, ks_list=[3, 5, 7], expand_ratio_list=[3, 4, 6], depth_list=[2, 3, 4]).eval()
        for w in (1.0, 1.2)
    }
    predictor = AccuracyPredictor(pretrained=False, device='cpu')
    failures = []
    counts = {}

    def check(name, ok, detail=''):
        counts.setdefault(name, [0, 0])
        counts[name][0 if ok else 1] += 1
        if not ok:
            failures.append(f'{name}: {detail}')

    # 1. What PNAG writes, read by OFA.
    for case in pnag_helper(['cases', str(args.n), str(args.seed)]):
        w, r = case['width'], case['resolution']
        net = supernets[w]
        label = f"{case['pnag']} w{w} r{r}"
        # The inserted call, run as the user runs it (our own text, with the supernet as `ofa_network`).
        eval(case['set_active_subnet'], {'ofa_network': net})  # noqa: S307
        subnet = net.get_active_subnet(preserve_weight=False)
        theirs = subnet.config
        ours = {k: v for k, v in case['network_config'].items() if k != 'resolution'}
        diff = config_diff(ours, theirs)
        check('network config == subnet.config, field for field', not diff, f'{label}: {diff[:3]}')
        built = MobileNetV3.build_from_config(case['network_config'])
        check('MobileNetV3.build_from_config(PNAG config)', not config_diff(built.config, theirs), label)
        flops = count_net_flops(built, (1, 3, r, r)) / 1e6
        check('count_net_flops == madds_ofa_M', abs(flops - case['madds_ofa_M']) < 1e-3, f'{label}: OFA {flops}, PNAG {case["madds_ofa_M"]}')
        # The Python dict, as set_active_subnet(**dict) takes it (r and w are extra keywords OFA ignores).
        plain = ast.literal_eval(case['python_dict'])
        net.set_active_subnet(**plain)
        check('set_active_subnet(**python dict)', not config_diff(net.get_active_subnet(preserve_weight=False).config, theirs), label)
        # The tutorial dict: AccuracyPredictor reads sample['r'][0] (random weights: only the call is checked).
        tutorial = ast.literal_eval(case['tutorial_dict'])
        try:
            answer = predictor.predict_accuracy([copy.deepcopy(tutorial)])
            check('tutorial AccuracyPredictor takes the ofaTutorialDict', tuple(answer.shape) == (1, 1) and tutorial['r'] == [r], label)
        except Exception as error:  # noqa: BLE001
            check('tutorial AccuracyPredictor takes the ofaTutorialDict', False, f'{label}: {error!r}')
        # The nas efficiency model's flavour: image_size instead of r.
        nas = {'ks': plain['ks'], 'e': plain['e'], 'd': plain['d'], 'image_size': r}
        nas_flops = Mbv3FLOPsModel(net).get_efficiency(nas)
        check('nas Mbv3FLOPsModel on the image_size dict == madds_ofa_M', abs(nas_flops - case['madds_ofa_M']) < 1e-3, f'{label}: OFA {nas_flops}')

    # 2. What OFA prints, read by PNAG.
    printed, truth = [], []
    for i in range(args.n):
        w = (1.0, 1.2)[i % 2]
        net = supernets[w]
        setting = net.sample_active_subnet()
        subnet = net.get_active_subnet(preserve_weight=False)
        config = subnet.config
        flops = count_net_flops(subnet, (1, 3, 224, 224)) / 1e6
        # sample_active_subnet() returns a dict; print() writes its repr, which users paste.
        printed += [repr(setting) if w == 1.2 else repr({**setting, 'w': 1.0}), repr(config), json.dumps(config)]
        truth += [flops, flops, flops]
    if args.n > 0:
        print('sample_active_subnet() printed, e.g.:', printed[0][:120] + '...')
    for text, flops, read in zip(printed, truth, pnag_helper(['parse'], json.dumps(printed))):
        check('PNAG reads OFA prints (dict repr, config repr, config JSON); madds_ofa_M == count_net_flops', abs(read['madds_ofa_M'] - flops) < 1e-3, f'{text[:60]}: PNAG {read["madds_ofa_M"]}, OFA {flops}')

    for name, (ok, bad) in counts.items():
        print(f'{"ok  " if bad == 0 else "FAIL"} {ok}/{ok + bad}  {name}')
    for line in failures[:20]:
        print('  ' + line)
    sys.exit(1 if failures else 0)


if __name__ == '__main__':
    main()
